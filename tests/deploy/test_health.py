"""`/health/`: the database, the file storage, the static manifest and the free disk,
for load balancers; no login, no data."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse


def test_it_answers_ok_without_login(client, db, settings, tmp_path):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "static": "ok", "disk": "ok"},
    }
    # Monitoring must never see a cached answer.
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_the_same_shape_whatever_is_asked_for(client, db):
    for accept in ("text/html", "text/plain", "application/rss+xml", "*/*"):
        response = client.get(reverse("health"), headers={"accept": accept})
        assert json.loads(response.content)["status"] == "ok", accept
    response = client.get(reverse("health") + "?format=openmetrics")
    assert json.loads(response.content)["status"] == "ok"


def test_it_reports_a_storage_it_cannot_write_without_saying_why(client, db, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body) == {
        "status": "unavailable",
        "checks": {"database": "ok", "storage": "unavailable", "static": "ok", "disk": "ok"},
    }
    assert str(tmp_path) not in body and "Error" not in body


@pytest.mark.django_db(transaction=True)
def test_it_reports_a_database_it_cannot_reach(client, settings, monkeypatch):
    from django.db import connections

    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError('connection to server at "db.internal" failed: password')

    monkeypatch.setattr(connections["default"].__class__, "temporary_connection", refuse)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body)["checks"] == {
        "database": "unavailable",
        "storage": "ok",
        "static": "ok",
        "disk": "ok",
    }
    assert "db.internal" not in body and "password" not in body


def test_it_reports_a_missing_static_manifest(client, db, settings, tmp_path):
    """A restore or update that skipped collectstatic: every page would be a 500."""
    from django.core.files.storage import storages

    settings.STATIC_ROOT = tmp_path / "staticfiles-never-collected"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        },
    }
    assert not storages["staticfiles"].hashed_files
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body)["checks"] == {
        "database": "ok",
        "storage": "ok",
        "static": "unavailable",
        "disk": "ok",
    }
    assert str(tmp_path) not in body and "collectstatic" not in body


def test_it_reports_a_data_directory_short_of_space(client, db, settings, tmp_path):
    import shutil

    settings.DATA_DIR = tmp_path
    free_mb = shutil.disk_usage(tmp_path).free // (1024 * 1024)
    settings.HEALTH_MIN_FREE_MB = free_mb // 2
    assert client.get(reverse("health")).status_code == 200
    settings.HEALTH_MIN_FREE_MB = free_mb + 1024
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body)["checks"]["disk"] == "unavailable"
    assert json.loads(body)["checks"]["storage"] == "ok"
    assert str(free_mb) not in body and str(tmp_path) not in body
