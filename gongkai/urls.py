"""URL map of the platform. Each app owns its own ``urls.py``; this file only mounts them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.accounts import views as account_views
from gongkai.accounts.lockout import LoginForm
from gongkai.lib import error_pages, media

urlpatterns = [
    path("", account_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("gongkai.accounts.urls")),
    path("agencies/", include("gongkai.agencies.urls")),
    path("audit/", include("gongkai.audit.urls")),
    path("calendar/", include("gongkai.workdays.urls")),
    path("catalogue/", include("gongkai.catalogue.urls")),
    path("documents/", include("gongkai.documents.urls")),
    path("appeals/", include("gongkai.appeals.urls")),
    path("readingroom/", include("gongkai.readingroom.urls")),
    path("notifications/", include("gongkai.notifications.urls")),
    path("portal/", include("gongkai.portal.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("redaction/", include("gongkai.redaction.urls")),
    path("", include("gongkai.requests.urls")),
    path("api/", include("gongkai.api.urls")),
    path("admin/", admin.site.urls),
    # signed download links of stored uploads, for the MEDIA_ORIGIN host (gongkai.lib.media)
    path("media/<str:token>/<str:filename>", media.media, name="media"),
]

# The public side's errors in the portal's layout, the staff side's in the staff layout.
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error
