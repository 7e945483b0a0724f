from django.urls import path

from reports import public_views

app_name = "archive"

urlpatterns = [
    path("", public_views.archive_index, name="index"),
]
