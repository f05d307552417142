from django.urls import path

from gongkai.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_overview, name="overview"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("deadline/", views.deadline_calculator, name="deadline"),
]
