"""The portal's URLs plus the bench-only bare view (the throughput baseline)."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("__bench__/bare/", views.bare, name="bench_bare"),
    path("__bench__/bare-public/", views.bare_public, name="bench_bare_public"),
    path("", include("config.urls")),
]
