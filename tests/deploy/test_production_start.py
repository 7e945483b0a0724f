"""The README's Production section, run as written, serves the portal.

The test reads the section's `env` block (the environment file) and its `sh`
block (the commands), runs the commands in order with that environment — only
the data directory, the port, the secret key and, on the PostgreSQL run, the
database are swapped for throwaway ones — starts gunicorn with the README's own
last line, and asks it over HTTP for what a visitor would: the login page, a
hashed static file (compressed, cached for a year), a logged-in page, a
published PDF from the public archive, a missing page and the health check.
A README command that fails fails this test, and CI with it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.deploy.support import (
    BASE_DIR,
    SECRET_KEY,
    Browser,
    free_port,
    manage,
    new_database,
    stop,
    wait_for_port,
)

pytestmark = pytest.mark.deploy

README = BASE_DIR / "README.md"
# What the test swaps in the README's environment, and why: everything else is literal.
SWAPPED = {"DJANGO_DATA_DIR", "DJANGO_SECRET_KEY", "DATABASE_URL", "GUNICORN_BIND"}


def production_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Production\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert match, "README.md has no '## Production' section"
    return match.group(1)


def blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", section, flags=re.S | re.M)


def readme_environment() -> dict[str, str]:
    [env_block] = blocks(production_section(), "env")
    env = {}
    for line in env_block.splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def readme_commands() -> list[str]:
    commands = []
    for block in blocks(production_section(), "sh"):
        commands += [line for line in block.splitlines() if line.strip() and line[0] != "#"]
    return commands


def test_the_readme_documents_what_this_test_runs():
    env = readme_environment()
    assert env["DJANGO_DEBUG"] == "false"
    commands = readme_commands()
    assert commands[-1].startswith(".venv/bin/gunicorn -c config/gunicorn.conf.py")
    assert any("collectstatic" in c for c in commands)
    assert any("migrate" in c for c in commands)
    assert any("compilemessages" in c for c in commands)


def _run_readme_line(line: str, env: dict, log: Path) -> None:
    if line.startswith("make install"):
        # The venv is this test's own interpreter's. `make -q` says whether the
        # install is current (always so in CI, after `make install-test`); a
        # developer's shared venv is not reinstalled by a test.
        current = subprocess.run(["make", "-q", "install"], cwd=BASE_DIR, env=env).returncode
        if current != 0 and os.environ.get("CI") != "true":
            return
    with log.open("ab") as out:
        out.write(f"$ {line}\n".encode())
        out.flush()
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", line],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    assert result.returncode == 0, f"README command failed: {line}\n{log.read_text()[-3000:]}"


def test_the_readme_production_section_serves_the_portal(tmp_path):
    port = free_port()
    log = tmp_path / "commands.log"
    with new_database("prod") as database_url:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "GUNICORN_")) and key != "DATABASE_URL"
        }
        env.update(readme_environment())
        env.update(
            DJANGO_DATA_DIR=str(tmp_path / "data"),
            DJANGO_SECRET_KEY=SECRET_KEY,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            # Staff sign in from this machine: its "internal network" needs no one-time
            # code (the second factor itself: tests/security/test_two_factor.py).
            PORTAL_2FA_EXEMPT_NETWORKS="127.0.0.1",
        )
        env.pop("DATABASE_URL")
        if database_url:
            env["DATABASE_URL"] = database_url
        assert set(readme_environment()) | {"GUNICORN_BIND"} >= SWAPPED

        *setup, start = readme_commands()
        for line in setup:
            _run_readme_line(line, env, log)

        server = subprocess.Popen(
            shlex.split(start),
            cwd=BASE_DIR,
            env=env,
            stdout=(tmp_path / "gunicorn.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, server, tmp_path / "gunicorn.log")
            # Data to look at: the demo council (its meeting is closed, ready to publish).
            manage(env, "loaddemo", "--force")
            _visit_as_people_do(port)
        finally:
            stop(server)
        access_log = (tmp_path / "gunicorn.log").read_text()
        # The access log format from config/gunicorn.conf.py: status, bytes, duration.
        assert re.search(r'"GET /accounts/login/ HTTP/1.1" 200 \d+ \d+ms', access_log), access_log


def _visit_as_people_do(port: int) -> None:
    visitor = Browser(port)

    # The login page, in Korean, over "HTTPS" (the proxy's X-Forwarded-Proto).
    status, headers, body = visitor.get("/accounts/login/")
    assert status == 200
    page = body.decode()
    assert "로그인" in page
    assert "Strict-Transport-Security".lower() in headers

    # A hashed static file: compressed, cached for a year, immutable.
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert css, "the login page links no hashed Bootstrap stylesheet"
    status, headers, body = visitor.get(css.group(1))
    assert status == 200
    assert headers.get("content-encoding") in ("gzip", "br")
    assert "max-age=315360000" in headers["cache-control"]
    assert "immutable" in headers["cache-control"]
    if headers["content-encoding"] == "gzip":
        assert b".btn" in gzip.decompress(body)
    # The 500 page's plain stylesheet name exists too (it avoids manifest lookups).
    assert visitor.get("/static/css/errors.css")[0] == 200

    # A missing page: the Korean 404.
    status, _, body = visitor.get("/no-such-page/")
    assert status == 404
    assert "페이지를 찾을 수 없습니다" in body.decode()

    # Health, for the load balancer.
    status, _, body = visitor.get("/health/")
    assert status == 200
    assert json.loads(body)["checks"] == {
        "database": "ok",
        "storage": "ok",
        "static": "ok",
        "disk": "ok",
    }

    # Staff sign in, see their dashboard and publish the demo meeting's result.
    staff = Browser(port)
    staff.login("gj-staff", "dolbom-demo-2023")
    status, headers, body = staff.get("/c/geumjeong/")
    assert status == 200
    assert "no-store" in headers["cache-control"]
    assert "2023년 하반기" in body.decode()
    status, _, body = staff.get("/c/geumjeong/meetings/2023-h2/result/")
    assert status == 200
    token = staff.csrf_token(body)
    status, headers, body = staff.post(
        "/c/geumjeong/meetings/2023-h2/result/publish/",
        {"csrfmiddlewaretoken": token, "confirm_incomplete": "1"},
    )
    assert status == 302, body[:300]

    # Anyone downloads the published PDF from the public archive.
    status, headers, body = Browser(port).get("/archive/geumjeong/2023-h2/result.pdf")
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    assert body.startswith(b"%PDF-")
    assert len(body) > 10_000
