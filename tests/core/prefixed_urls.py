"""The portal's URLs under /prefixed/ (tests/core/test_cached_url.py: another URLconf)."""

from django.urls import include, path

urlpatterns = [path("prefixed/", include("config.urls"))]
