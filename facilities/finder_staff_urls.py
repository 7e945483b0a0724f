"""Staff pages of the public finder: settings, the correction queue, school flyers, 현황 조사."""

from django.urls import path

from facilities import finder_views, survey_views

app_name = "finder_staff"

urlpatterns = [
    path("", finder_views.staff_home, name="home"),
    path("settings/", finder_views.finder_settings, name="settings"),
    path("dongs/<int:dong_id>/", finder_views.dong_neighbours, name="dong"),
    path("corrections/", finder_views.correction_list, name="corrections"),
    path("corrections/<int:pk>/", finder_views.correction_detail, name="correction"),
    path(
        "corrections/<int:pk>/resolve/",
        finder_views.correction_resolve,
        name="correction_resolve",
    ),
    path("flyers/", finder_views.flyer_page, name="flyers"),
    path("flyers/pdf/", finder_views.flyer_pdf, name="flyer_pdf"),
    # 현황 조사 rounds (facilities.surveys)
    path("surveys/", survey_views.survey_list, name="surveys"),
    path("surveys/new/", survey_views.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey"),
    path("surveys/<int:pk>/remind/", survey_views.survey_remind, name="survey_remind"),
    path("surveys/<int:pk>/end/", survey_views.survey_end, name="survey_end"),
    path("surveys/<int:pk>/xlsx/", survey_views.survey_xlsx, name="survey_xlsx"),
    path("surveys/links/<int:pk>/", survey_views.survey_revoke, name="survey_link"),
    path("surveys/answers/<int:pk>/", survey_views.submission_detail, name="survey_answer"),
    path(
        "surveys/answers/<int:pk>/approve/",
        survey_views.submission_approve,
        name="survey_answer_approve",
    ),
    path(
        "surveys/answers/<int:pk>/return/",
        survey_views.submission_return,
        name="survey_answer_return",
    ),
]
