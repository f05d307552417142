from django.urls import path

from gongkai.accounts.access import public_view
from gongkai.portal import feeds, reports, views
from gongkai.portal.cache import public_page

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.home, name="home"),
    path("<str:code>/documents/", views.document_list, name="documents"),
    path("<str:code>/documents/<int:pk>/", views.document_detail, name="document"),
    path(
        "<str:code>/documents/<int:pk>/files/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("<str:code>/guide/", views.guide, name="guide"),
    path("<str:code>/powers/", views.powers, name="powers"),
    path("<str:code>/powers.json", views.powers_json, name="powers_json"),
    path("<str:code>/reports/", views.reports, name="reports"),
    path("<str:code>/reports/<int:year>/", reports.report_detail, name="report"),
    path("<str:code>/reports/<int:year>/<str:kind>/", reports.report_file, name="report_file"),
    path("<str:code>/feed/", public_view(public_page(feeds.NewDocumentsFeed())), name="feed"),
]
