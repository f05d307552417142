"""Public pages at /apply/ and /status/; staff pages under /requests/."""

from django.urls import path

from gongkai.portal import applications as public_views
from gongkai.portal import case, correction, recovery
from gongkai.requests import views, views_filters, views_history, views_remind

app_name = "requests"
urlpatterns = [
    path("apply/", public_views.apply, name="apply"),
    path("apply/done/", public_views.apply_done, name="apply_done"),
    path("status/", public_views.status, name="status"),
    path("status/letter.pdf", public_views.status_letter, name="status_letter"),
    path("status/case/", case.case, name="case"),
    path("status/receipt/", case.receipt, name="receipt"),
    path("status/receipt.pdf", case.receipt_pdf, name="receipt_pdf"),
    path("status/letters/<int:pk>.pdf", case.case_letter, name="case_letter"),
    path("status/files/<int:pk>/", case.case_file, name="case_file"),
    path("status/correction/", correction.correction, name="case_correction"),
    path("status/recover/", recovery.recover, name="recover"),
    path("status/link/<str:token>/", recovery.case_link, name="case_link"),
    path("requests/", views.dashboard, name="dashboard"),
    path("requests/new/", views.register, name="register"),
    path("requests/assign/", views.bulk_assign, name="bulk_assign"),
    path("requests/import/", views_history.history_upload, name="history_import"),
    path("requests/remind/", views_remind.bulk_remind, name="bulk_remind"),
    path("requests/filters/", views_filters.filter_save, name="filter_save"),
    path("requests/filters/<int:pk>/delete/", views_filters.filter_delete, name="filter_delete"),
    path("requests/ledger.xlsx", views.ledger, name="ledger"),
    path("requests/statistics/", views.statistics, name="statistics"),
    path("requests/<int:pk>/", views.detail, name="detail"),
    path("requests/<int:pk>/letter.<str:kind>", views.letter_file, name="letter"),
    path("requests/<int:pk>/fee-notice.<str:kind>", views.fee_notice_file, name="fee_notice"),
    path(
        "requests/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "requests/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("requests/<int:pk>/id-number/", views.id_number, name="id_number"),
    path("requests/<int:pk>/<slug:action>/", views.case_action, name="action"),
]
