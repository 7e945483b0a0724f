"""A restore that serves: `make restore` into a new data directory (and database) leaves
a portal that answers pages and a healthy `/health/` once gunicorn starts; a restore
that skipped `collectstatic` is reported by `/health/` ("static"), not called healthy.

One backup of the demo (with a published result), restored twice: by hand without
collectstatic (gunicorn: pages 500, /health/ 503 naming "static"), and by `make
restore` (gunicorn: login page, a staff page, the published PDF and /health/ 200).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.deploy.support import (
    BASE_DIR,
    PUBLISH_DEMO,
    Browser,
    Gunicorn,
    django_script,
    free_port,
    manage,
    new_database,
    portal_env,
    postgres_url,
    require_tool,
    run,
)

pytestmark = pytest.mark.deploy


def test_make_restore_leaves_a_portal_that_serves(tmp_path):
    if postgres_url():
        require_tool("pg_dump", "PostgreSQL backups use pg_dump and pg_restore")
    with (
        new_database("rs_src") as source_db,
        new_database("rs_bare") as bare_db,
        new_database("rs_make") as restored_db,
    ):
        env = portal_env(tmp_path / "source", source_db)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loaddemo", "--force")
        django_script(env, PUBLISH_DEMO)
        run(
            [sys.executable, "scripts/backup.py", "create", "--output-dir", str(tmp_path / "b")],
            env,
        )
        [archive] = (tmp_path / "b").glob("portal-backup-*.tar.gz")

        # The old documented steps (restore, migrate, start): /health/ must not say ok.
        bare = portal_env(tmp_path / "bare", bare_db)
        run([sys.executable, "scripts/backup.py", "restore", str(archive)], bare)
        manage(bare, "migrate", "--noinput", "-v0")
        port = free_port()
        with Gunicorn(bare, port, tmp_path / "bare.log"):
            status, _h, body = Browser(port).get("/health/")
            assert status == 503
            assert json.loads(body) == {
                "status": "unavailable",
                "checks": {
                    "database": "ok",
                    "storage": "ok",
                    "static": "unavailable",
                    "disk": "ok",
                },
            }
            assert Browser(port).get("/accounts/login/")[0] == 500

        # `make restore`, then start gunicorn as the README says.
        restored = portal_env(tmp_path / "restored", restored_db)
        result = subprocess.run(
            ["make", "restore", f"BACKUP={archive}"],
            cwd=BASE_DIR,
            env=restored,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        assert "Ready to serve" in result.stdout
        port = free_port()
        with Gunicorn(restored, port, tmp_path / "restored.log"):
            visitor = Browser(port)
            status, _h, body = visitor.get("/health/")
            assert status == 200, body
            assert json.loads(body)["status"] == "ok"
            status, _h, body = visitor.get("/accounts/login/")
            assert status == 200 and "로그인" in body.decode()
            staff = Browser(port)
            staff.login("gj-staff", "dolbom-demo-2023")
            status, _h, body = staff.get("/c/geumjeong/")
            assert status == 200 and "2023년 하반기" in body.decode()
            status, headers, body = visitor.get("/archive/geumjeong/2023-h2/result.pdf")
            assert status == 200 and body.startswith(b"%PDF-")
