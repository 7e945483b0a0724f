from django.urls import path

from reports import job_views, letter_views, past_views, plan_views, trends_views, views

app_name = "reports"

urlpatterns = [
    path("meetings/<slug:meeting>/result/", views.preview, name="preview"),
    path(
        "meetings/<slug:meeting>/result/preview.<str:fmt>", views.preview_file, name="preview_file"
    ),
    path("meetings/<slug:meeting>/result/publish/", views.publish, name="publish"),
    path(
        "meetings/<slug:meeting>/result/prepare/",
        job_views.document_prepare,
        name="document_prepare",
    ),
    path(
        "meetings/<slug:meeting>/result/jobs/<int:job_id>/",
        job_views.document_job,
        name="document_job",
    ),
    path(
        "meetings/<slug:meeting>/result/jobs/<int:job_id>/file/",
        job_views.document_job_file,
        name="document_job_file",
    ),
    path(
        "meetings/<slug:meeting>/result/v<int:version>.<str:fmt>",
        views.published_file,
        name="published_file",
    ),
    path("meetings/<slug:meeting>/letters/", letter_views.letters, name="letters"),
    path("meetings/<slug:meeting>/letters/all.zip", letter_views.letters_zip, name="letters_zip"),
    path(
        "meetings/<slug:meeting>/letters/<int:department>.<str:fmt>",
        letter_views.letter_file,
        name="letter_file",
    ),
    path("trends/", trends_views.trends, name="trends"),
    path("trends.xlsx", trends_views.trends_xlsx, name="trends_xlsx"),
    path("plan-results/", plan_views.plan_results_page, name="plan_results"),
    path(
        "plan-results/<int:year>.<str:fmt>",
        plan_views.plan_results_file,
        name="plan_results_file",
    ),
    path("meetings/import/", past_views.past_import, name="past_import"),
    path("meetings/import/apply/", past_views.past_import_apply, name="past_import_apply"),
]
