"""Shared fixtures: one council with one named user per role, and a second council."""

from __future__ import annotations

import ipaddress
import os

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from tests import factories
from tests.factories import World

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run in the PostgreSQL pass of `make test` (mandatory in
    CI); on SQLite they are deselected, not skipped: they do not run there at all."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # 문자/알림톡 kept in lib.messaging.outbox (like mail.outbox).
    from lib import messaging

    settings.NOTICE_BACKEND = {"backend": "locmem"}
    # No quiet hours unless a test sets them (tests run at any hour of the day).
    settings.NOTICE_QUIET_HOURS = (0, 0)
    messaging.outbox.clear()
    messaging.LocmemBackend.fail = None
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The portal's address in mails, flyers and letters (lib.links), whatever the shell says.
    settings.PORTAL_BASE_URL = "http://localhost:8000"
    # The public finder keeps pages in the server's cache: every test starts without.
    cache.clear()
    # Staff need a one-time code after their password (council.two_factor) unless their
    # address is exempt: every address is, except in the tests of the second factor
    # (tests/security/test_two_factor.py empties this list again).
    settings.TWO_FACTOR_EXEMPT_NETWORKS = [
        ipaddress.ip_network("0.0.0.0/0"),
        ipaddress.ip_network("::/0"),
    ]


@pytest.fixture
def world(db) -> World:
    """One council with a user per role, and a second council (tests.factories.make_world)."""
    return factories.make_world()


def client_for(client, user: User | None):
    if user is not None:
        client.force_login(user)
    return client
