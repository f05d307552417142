from django.urls import path

from gongkai.accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
]
