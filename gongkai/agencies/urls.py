from django.urls import path

from gongkai.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("<int:pk>/edit/", views.agency_edit, name="edit"),
    path("<int:pk>/guide/", views.agency_guide_edit, name="guide"),
]
