from django.urls import path

from gongkai.redaction import views

app_name = "redaction"
urlpatterns = [
    path("requests/<int:pk>/new/", views.redaction_new, name="new"),
    path("<int:pk>/", views.redaction_edit, name="edit"),
    path("<int:pk>/pages/<int:page>.png", views.page_image, name="page"),
    path("<int:pk>/mark/", views.mark_area, name="mark"),
    path("<int:pk>/phrase/", views.mark_phrase, name="phrase"),
    path("<int:pk>/marks/<int:mark_pk>/remove/", views.mark_remove, name="unmark"),
    path("<int:pk>/release/", views.redaction_release, name="release"),
]
