"""Staff pages of the public finder: settings, the correction queue, school flyers."""

from django.urls import path

from facilities import finder_views

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
]
