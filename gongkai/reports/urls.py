from django.urls import path

from gongkai.reports import supervision, views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("build/", views.report_build, name="build"),
    path("<int:pk>/", views.report_edit, name="edit"),
    path("<int:pk>/check/", views.report_check, name="check"),
    path("<int:pk>/override/", views.report_override, name="override"),
    path("<int:pk>/acknowledge/", views.report_acknowledge, name="acknowledge"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/accept/", views.report_accept, name="accept"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("<int:pk>/correct/", views.report_correct, name="correct"),
    path("<int:pk>/download/<str:kind>/", views.report_download, name="download"),
    path("supervise/", supervision.dashboard, name="dashboard"),
    path("supervise/summary/", supervision.summary, name="summary"),
    path("supervise/export.xlsx", supervision.export, name="export"),
    path("supervise/import/", supervision.import_report, name="import"),
]
