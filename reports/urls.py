from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("meetings/<slug:meeting>/result/", views.preview, name="preview"),
    path(
        "meetings/<slug:meeting>/result/preview.<str:fmt>", views.preview_file, name="preview_file"
    ),
    path("meetings/<slug:meeting>/result/publish/", views.publish, name="publish"),
    path(
        "meetings/<slug:meeting>/result/v<int:version>.<str:fmt>",
        views.published_file,
        name="published_file",
    ),
]
