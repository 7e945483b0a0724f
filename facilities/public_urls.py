"""The public facility finder: no login (facilities/finder_views.py)."""

from django.urls import path

from facilities import finder_views

app_name = "finder"

urlpatterns = [
    path("", finder_views.finder, name="index"),
    path("<slug:code>/", finder_views.facility, name="facility"),
    path("<slug:code>/correction/", finder_views.correction, name="correction"),
    path("<slug:code>/correction/sent/", finder_views.correction_sent, name="correction_sent"),
]
