from django.urls import path

from gongkai.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/decide/", views.case_decide_view, name="decide"),
]
