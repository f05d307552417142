"""Staff pages under /documents/."""

from django.urls import path

from gongkai.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("preview/", views.preview, name="preview"),
    path("settings/<int:pk>/", views.agency_settings, name="settings"),
    path("case/<int:pk>/", views.case_documents, name="case"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file.<str:kind>", views.document_file, name="file"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]
