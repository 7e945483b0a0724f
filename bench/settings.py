"""Bench-only settings: the portal's settings plus a bench URLconf with a bare view.

Used by the benchmark subprocesses and by the gunicorn servers they start; never
by the portal itself. Everything else (middleware, sessions, database choice
through DATABASE_URL, DJANGO_DATA_DIR) is the portal's own configuration.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, STORAGES, TEMPLATES

ROOT_URLCONF = "bench.urls"

# The bare view's trivial template lives beside the benchmarks.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]

# Static files are not what is measured; plain storage spares a collectstatic
# run (the manifest storage of DJANGO_DEBUG=false would need one).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Bench users are created with a fast hasher; nobody logs in with a password
# during a measurement (sessions are created directly in the bench database).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
