from django.urls import path

from gongkai.accounts import security_views, views

app_name = "accounts"
urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("password/", security_views.password_change, name="password_change"),
    path("security/", security_views.security, name="security"),
    path("security/verify/", security_views.second_factor_verify, name="second_factor_verify"),
    path("security/setup/", security_views.second_factor_setup, name="second_factor_setup"),
    path("security/setup/qr.svg", security_views.second_factor_qr, name="second_factor_qr"),
    path("security/codes/", security_views.recovery_codes_new, name="recovery_codes_new"),
    path("security/remove/", security_views.second_factor_disable, name="second_factor_disable"),
]
