"""URLs of the 돌봄 공백 pages, included into facilities/urls.py (namespace `facilities`)."""

from django.urls import path

from facilities import gap_views

urlpatterns = [
    path("gaps/", gap_views.gap_view, name="gaps"),
    path("gaps/xlsx/", gap_views.gap_xlsx, name="gaps_xlsx"),
    path("gaps/settings/", gap_views.gap_settings, name="gaps_settings"),
    path("population/", gap_views.population_import, name="population"),
    path("population/confirm/", gap_views.population_confirm, name="population_confirm"),
    path("population/dongs/", gap_views.dong_codes, name="dong_codes"),
    path("population/dongs/import/", gap_views.dong_list_import, name="dong_list_import"),
    path(
        "population/dongs/import/confirm/",
        gap_views.dong_list_confirm,
        name="dong_list_confirm",
    ),
    path("opendata/", gap_views.opendata_import, name="opendata"),
    path("opendata/confirm/", gap_views.opendata_confirm, name="opendata_confirm"),
]
