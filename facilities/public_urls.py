"""The public facility finder: no login (facilities/finder_views.py)."""

from django.urls import path

from facilities import finder_views

app_name = "finder"

urlpatterns = [
    path("", finder_views.finder, name="index"),
    # The registry as open data: stable addresses (docs/OPEN_DATA_PUBLISHING in README).
    path("open-data/", finder_views.open_data, name="open_data"),
    path("open-data.csv", finder_views.open_data_csv, name="open_data_csv"),
    path("open-data.json", finder_views.open_data_json, name="open_data_json"),
    path("<slug:code>/", finder_views.facility, name="facility"),
    path("<slug:code>/correction/", finder_views.correction, name="correction"),
    path("<slug:code>/correction/sent/", finder_views.correction_sent, name="correction_sent"),
]
