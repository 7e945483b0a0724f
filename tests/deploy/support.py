"""Helpers for the deploy tests: the portal in subprocesses, as an operator runs it.

Each test gets its own data directory and, on the PostgreSQL run (DATABASE_URL
set by scripts/with-postgres.sh), its own databases in that cluster, so the
subprocesses never touch pytest-django's test database.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HOST = "dolbom.example.go.kr"
SECRET_KEY = "deploy-test-only-" + "x" * 40
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
    "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
    # These tests are about serving, not the second factor (tests/security/test_two_factor.py):
    # the test machine (all of 127/8: the nginx tests visit from 127.0.0.2) is the
    # "internal network" whose staff need no one-time code.
    "PORTAL_2FA_EXEMPT_NETWORKS": "127.0.0.0/8,::1",
}


def require_tool(path_or_name: str, why: str) -> str:
    """The tool's path; a missing tool skips locally and fails under CI=true."""
    found = shutil.which(path_or_name) or shutil.which(path_or_name, path="/usr/sbin:/sbin")
    if found:
        return found
    message = f"{path_or_name} not found ({why})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} — mandatory in CI (CI=true).", pytrace=False)
    pytest.skip(f"{message}; install it to run this test.")


def base_env() -> dict:
    """This process's environment without any portal setting."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "AWS_"))
        and key not in ("DATABASE_URL", "EMAIL_URL", "PORTAL_BASE_URL")
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url() -> str | None:
    """The cluster of the PostgreSQL run, or None on the SQLite run."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def new_database(label: str) -> Iterator[str | None]:
    """A new, empty PostgreSQL database's URL on the PostgreSQL run; None
    (SQLite in the data directory) on the SQLite run. Dropped afterwards."""
    url = postgres_url()
    if url is None:
        yield None
        return
    import psycopg

    name = f"deploy_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        _drop_database(url, name)


def _drop_database(url: str, name: str) -> None:
    """DROP … WITH (FORCE) ends the portal's own connections, but it refuses
    while an autovacuum worker (which belongs to no role) is in the freshly
    migrated database: wait for the worker and try again."""
    import psycopg

    for attempt in range(40):
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == 39:
                raise
            time.sleep(0.25)


def portal_env(data_dir: Path, database_url: str | None = None, **extra: str) -> dict:
    env = {**base_env(), **PRODUCTION_ENV, "DJANGO_DATA_DIR": str(data_dir)}
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def run(args: list[str], env: dict, timeout: int = 300, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, **kwargs
    )
    assert result.returncode == 0, (
        f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-2000:]}\n"
        f"{result.stderr[-3000:]}"
    )
    return result


def manage(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env, timeout=timeout)


def django_script(env: dict, code: str, timeout: int = 300) -> str:
    """Run `code` in a fresh Django process with `env`; return its stdout."""
    prelude = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
        "django.setup()\n"
    )
    return run([sys.executable, "-c", prelude + code], env, timeout=timeout).stdout


PUBLISH_DEMO = """
from django.contrib.auth.models import User
from council.models import Meeting
from reports.services import publish_meeting
meeting = Meeting.objects.get(council__slug="geumjeong", slug="2023-h2")
print(publish_meeting(meeting=meeting, user=User.objects.get(username="gj-staff")).version)
"""

TABLE_COUNTS = """
import json
from django.db import connection
counts = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
"""


def table_counts(env: dict) -> dict[str, int]:
    return json.loads(django_script(env, TABLE_COUNTS).strip().splitlines()[-1])


def file_checksums(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative name → SHA-256), read straight from disk."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Gunicorn:
    """gunicorn started from config/gunicorn.conf.py, as the README says."""

    def __init__(self, env: dict, port: int, log: Path, extra_args: tuple[str, ...] = ()):
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        self.port = port
        self.log = log
        self.extra_args = extra_args
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self._log = self.log.open("ab")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", *self.extra_args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.proc, self.log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.proc)
        self._log.close()


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        time.sleep(0.1)
    stop(proc)
    raise AssertionError(f"nothing listened on {port} within {seconds} s:\n{log.read_text()}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


class _TLSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 whose certificate is checked against the site's name."""

    server_hostname = HOST

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.server_hostname)


class Browser:
    """A minimal HTTP client with a cookie jar, talking to 127.0.0.1:port.

    scheme="https" plays the TLS proxy in front of gunicorn (sends
    X-Forwarded-Proto: https); "http" is for a proxy that sets it itself (nginx).
    `source` is the local address to connect from (any of 127.0.0.0/8).
    `tls` (an SSL context trusting the site's certificate) speaks HTTPS to the
    port, as to the nginx site (bench/nginx_site.py).
    """

    def __init__(
        self,
        port: int,
        host: str = HOST,
        forwarded_for: str | None = None,
        scheme: str = "https",
        source: str | None = None,
        tls: ssl.SSLContext | None = None,
    ):
        self.tls = tls
        self.port = port
        self.host = host
        self.forwarded_for = forwarded_for
        self.scheme = scheme
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        from urllib.parse import urlencode

        sent = {"Host": self.host, "Accept-Encoding": "gzip, br", **(headers or {})}
        if self.scheme == "https":
            sent["X-Forwarded-Proto"] = "https"
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"{self.scheme}://{self.host}"
            sent["Referer"] = f"{self.scheme}://{self.host}{path}"
        source = (self.source, 0) if self.source else None
        if self.tls is None:
            conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=60, source_address=source
            )
        else:
            conn = _TLSConnection(
                "127.0.0.1", self.port, timeout=60, source_address=source, context=self.tls
            )
            conn.server_hostname = self.host
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            content = response.read()
            headers_out: dict[str, str] = {}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
                headers_out[name.lower()] = value
            return response.status, headers_out, content
        finally:
            conn.close()

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: dict, **kwargs):
        return self.request("POST", path, body=body, **kwargs)

    def csrf_token(self, html: bytes) -> str:
        import gzip
        import re

        if html[:2] == b"\x1f\x8b":  # a page nginx compressed (Accept-Encoding: gzip)
            html = gzip.decompress(html)

        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "no CSRF token on the page"
        return match.group(1).decode()

    def login(self, username: str, password: str) -> None:
        status, _, page = self.get("/accounts/login/")
        assert status == 200, status
        status, headers, body = self.post(
            "/accounts/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.csrf_token(page),
            },
        )
        assert status == 302, (status, body[:500])
        assert "sessionid" in self.cookies
