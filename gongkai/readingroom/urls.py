from django.urls import path

from gongkai.readingroom import views

app_name = "readingroom"
urlpatterns = [
    path("", views.register, name="register"),
    path("day/", views.day_edit, name="day"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_edit, name="visit_edit"),
]
