from django.urls import path

from gongkai.appeals import views, views_files

app_name = "appeals"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/decide/", views.case_decide_view, name="decide"),
    path("<int:pk>/files/", views_files.case_file_upload, name="file_upload"),
    path("<int:pk>/files/<int:file_pk>/", views_files.case_file_download, name="file"),
    path("requests/", views_files.request_search, name="request_search"),
]
