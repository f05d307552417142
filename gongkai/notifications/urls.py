from django.urls import path

from gongkai.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
