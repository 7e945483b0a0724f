from django.urls import path

from reports import public_views

app_name = "archive"

urlpatterns = [
    path("", public_views.archive_index, name="index"),
    path("<slug:council>/<slug:meeting>/", public_views.archive_detail, name="detail"),
    path("<slug:council>/<slug:meeting>/result.<str:fmt>", public_views.archive_file, name="file"),
]
