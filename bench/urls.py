"""The portal's URLs plus the bench-only bare view (the throughput baseline)."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("__bench__/bare/", views.bare, name="bench_bare"),
    path(
        "__bench__/opinion/<slug:council>/<slug:meeting>/",
        views.placeholder_opinion,
        name="bench_placeholder_opinion",
    ),
    path("", include("config.urls")),
]
