"""A missing or malformed environment variable stops start-up with one line naming it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "dolbom.example.go.kr",
}


def _env(tmp_path, overrides: dict) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_")) and k not in ("DATABASE_URL", "EMAIL_URL")
    }
    env["DJANGO_DATA_DIR"] = str(tmp_path)
    env.update(overrides)
    return env


def _check(tmp_path, overrides: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=_env(tmp_path, overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


CASES = [
    ("DATABASE_URL", "postgres//portal@db/portal", "postgres://USER:PASSWORD@HOST:5432/NAME"),
    ("DATABASE_URL", "mysql://portal:pw@db/portal", "the scheme 'mysql' is not supported"),
    ("DATABASE_URL", "postgres://portal:s3cret-pw@db:port/portal", "malformed"),
    ("DATABASE_URL", "postgres://portal:s3cret-pw@/portal", "the host or the database name"),
    ("EMAIL_URL", "mail.example.go.kr:587", "smtp+tls://USER:PASSWORD@HOST:587"),
    ("EMAIL_URL", "smtp+tls://user:s3cret-pw@mail.example.go.kr:tls", "malformed"),
    ("EMAIL_URL", "filemail://relative/folder", "absolute folder"),
    ("DJANGO_SESSION_IDLE_SECONDS", "1h", "a whole number of seconds ≥ 60"),
    ("DJANGO_SESSION_IDLE_SECONDS", "", None),  # empty: the default applies
    ("AXES_FAILURE_LIMIT", "five", "a whole number of failed logins ≥ 1"),
    ("DJANGO_TRUSTED_PROXIES", "nginx", "IP addresses or networks"),
    ("DJANGO_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/33", "'10.0.0.0/33'"),
    ("DJANGO_STORAGE_BACKEND", "ftp", "one of filesystem, s3"),
    ("DJANGO_HSTS_SECONDS", "a year", "a whole number of seconds ≥ 0"),
]


@pytest.mark.parametrize(("variable", "value", "expected"), CASES)
def test_it_stops_with_one_line_naming_the_variable(tmp_path, variable, value, expected):
    result = _check(tmp_path, {**PRODUCTION, variable: value})
    if expected is None:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")
    assert expected in lines[0]
    assert "s3cret-pw" not in lines[0]  # a URL's password is never repeated


def test_s3_storage_needs_django_storages_or_a_bucket(tmp_path):
    result = _check(tmp_path, {**PRODUCTION, "DJANGO_STORAGE_BACKEND": "s3"})
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    try:
        import boto3  # noqa: F401
        import storages  # noqa: F401
    except ImportError:
        assert "django-storages" in line
    else:
        assert "AWS_STORAGE_BUCKET_NAME" in line


def test_good_values_start(tmp_path):
    result = _check(
        tmp_path,
        {
            **PRODUCTION,
            "DATABASE_URL": f"sqlite:///{tmp_path}/portal.sqlite3",
            "EMAIL_URL": "smtp+tls://user:pw@mail.example.go.kr:587",
            "DJANGO_SESSION_IDLE_SECONDS": "1800",
            "AXES_FAILURE_LIMIT": "10",
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24, ::1",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_STORAGE_BACKEND": "filesystem",
        },
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_stops_with_the_same_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = _env(
        tmp_path,
        {**PRODUCTION, "DJANGO_SESSION_IDLE_SECONDS": "soon", "GUNICORN_BIND": f"127.0.0.1:{port}"},
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "-c", "config/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
    assert proc.returncode == 1
    lines = [line for line in stderr.splitlines() if "Configuration error" in line]
    assert lines == [
        "Configuration error: DJANGO_SESSION_IDLE_SECONDS must be a whole number of seconds "
        "≥ 60 (e.g. 3600), not 'soon'"
    ]
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgres://portal:s3cret-pw@127.0.0.1:{port}/portal", "Connection refused"),
        ("postgres://portal:s3cret-pw@no-such-host.invalid:5432/portal", "not known"),
    ],
)
def test_an_unreachable_database_is_one_line_without_the_password(tmp_path, url, reason):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once the socket closes
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=_env(tmp_path, {**PRODUCTION, "DATABASE_URL": url.format(port=port)}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Database unreachable: cannot connect to portal on ")
    assert reason in lines[0]
    assert "s3cret-pw" not in result.stderr + result.stdout
