from django.urls import path

from gongkai.catalogue import views, views_correction, views_figures, views_historical

app_name = "catalogue"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_new, name="new"),
    path("historical/", views_historical.document_historical, name="historical"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/change-published/", views.document_change_published, name="change_published"),
    path("<int:pk>/correct/", views_correction.document_correct, name="correct"),
    path(
        "<int:pk>/correct/review/",
        views_correction.correction_review_view,
        name="correction_review",
    ),
    path(
        "<int:pk>/correct/apply/", views_correction.correction_apply_view, name="correction_apply"
    ),
    path(
        "<int:pk>/correct/withdraw/",
        views_correction.correction_withdraw_view,
        name="correction_withdraw",
    ),
    path(
        "<int:pk>/correct/files/", views_correction.correction_file_upload, name="correction_upload"
    ),
    path(
        "<int:pk>/correct/files/<int:file_id>/",
        views_correction.correction_file,
        name="correction_file",
    ),
    path(
        "<int:pk>/correct/files/<int:file_id>/previous/",
        views_correction.correction_file_previous,
        name="correction_file_previous",
    ),
    path("<int:pk>/review/", views.document_review_view, name="review"),
    path("<int:pk>/publish/", views.document_publish_view, name="publish"),
    path("<int:pk>/unschedule/", views.document_unschedule_view, name="unschedule"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.document_attachment,
        name="attachment",
    ),
    path("<int:pk>/attachments/", views.document_attach, name="attach"),
    path("figures/", views_figures.figures, name="figures"),
    path("figures/import/", views_figures.figures_upload, name="figures_import"),
    path("powers/", views_figures.power_list, name="powers"),
    path("powers/new/", views_figures.power_new, name="power_new"),
    path("pattern/", views_figures.pattern_edit, name="pattern"),
]
