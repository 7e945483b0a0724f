"""The security baseline: deploy check, password hashing, CSP, caching, login logging."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def test_it_passes_the_deploy_check_under_production_variables(tmp_path):
    alphabet = string.ascii_letters + string.digits
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "DJANGO_ALLOWED_HOSTS": "x.example",
            "DJANGO_DATA_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_hashes_passwords_with_argon2_by_default():
    # tests/conftest.py swaps in a fast hasher for the tests; the settings
    # module itself is what production runs.
    import config.settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0] == ("django.contrib.auth.hashers.Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    encoded = Argon2PasswordHasher().encode("비밀번호-123", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("url_name", ["login", "archive:index"])
def test_it_sends_a_csp_without_inline_scripts_to_anonymous_visitors(client, db, url_name):
    response = client.get(reverse(url_name))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in policy.get(directive, [])
        assert "'unsafe-eval'" not in policy.get(directive, [])


def test_it_sends_the_csp_to_logged_in_users(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("council:audit_log", args=["geumjeong"]))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("member", "/c/geumjeong/my/"),
        ("reviewer", "/c/geumjeong/review/"),
        ("staff", "/c/geumjeong/audit/"),
        ("superuser", "/councils/"),
        ("member", "/archive/"),
    ],
)
def test_it_forbids_caching_any_page_a_logged_in_user_sees(client, world, role, url):
    client.force_login(world.user(role))
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_lets_the_public_archive_be_cached_for_anonymous_visitors(client, db):
    response = client.get(reverse("archive:index"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_keeps_sessions_short_and_cookies_closed():
    assert django_settings.SESSION_COOKIE_AGE <= 3600
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_ENABLE_ACCESS_FAILURE_LOG is True
