"""From a SQLite pilot to PostgreSQL: `manage.py move_to_postgres`, as OPERATIONS.md says.

The pilot: the demo on SQLite in its own data directory, with a published result
(PDF, xlsx, HWPX) and the change history. The command, run with the production
environment of a new, empty PostgreSQL database and a new data directory, copies
every table and the stored files; then every table's row count and every file's
SHA-256 are compared here again, and the moved portal serves under gunicorn.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.deploy.support import (
    BASE_DIR,
    PUBLISH_DEMO,
    Browser,
    Gunicorn,
    django_script,
    file_checksums,
    free_port,
    manage,
    new_database,
    portal_env,
    table_counts,
)

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]


def test_a_sqlite_pilot_moves_to_postgresql_with_every_row_and_file(tmp_path):
    pilot_dir, new_dir = tmp_path / "pilot", tmp_path / "new"
    pilot = portal_env(pilot_dir)  # no DATABASE_URL: SQLite in the data directory
    manage(pilot, "migrate", "--noinput", "-v0")
    manage(pilot, "loaddemo", "--force")
    django_script(pilot, PUBLISH_DEMO)
    before_rows = table_counts(pilot)
    before_files = file_checksums(pilot_dir / "private")
    assert before_rows["proposals_historicalproposal"] > 0 and len(before_files) >= 4

    with new_database("move") as database_url:
        env = portal_env(new_dir, database_url)
        args = [
            sys.executable, "manage.py", "move_to_postgres",
            "--sqlite", str(pilot_dir / "portal.sqlite3"), "--files", str(pilot_dir / "private"),
        ]  # fmt: skip
        result = subprocess.run(
            args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "every count matches" in result.stdout
        assert "every SHA-256 matches" in result.stdout

        assert table_counts(env) == before_rows
        assert file_checksums(new_dir / "private") == before_files

        # A second run into the now filled database is refused, nothing changes.
        again = subprocess.run(
            args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
        )
        assert again.returncode == 1
        assert "The PostgreSQL database is not empty" in again.stderr
        assert table_counts(env) == before_rows

        # The moved portal serves: a staff login, a new row (sequences moved on), the PDF.
        manage(env, "collectstatic", "--noinput", "-v0")
        port = free_port()
        with Gunicorn(env, port, tmp_path / "gunicorn.log"):
            staff = Browser(port)
            staff.login("gj-staff", "dolbom-demo-2023")
            status, _h, body = staff.get("/c/geumjeong/")
            assert status == 200 and "2023년 하반기" in body.decode()
            status, _h, pdf = Browser(port).get("/archive/geumjeong/2023-h2/result.pdf")
            assert status == 200 and pdf.startswith(b"%PDF-")
        created = django_script(
            env,
            "from council.models import Category, Council\n"
            "c = Council.objects.get(slug='geumjeong')\n"
            "print(Category.objects.create(council=c, name='새 분야', order=99).pk)",
        )
        assert int(created.strip().splitlines()[-1]) > 0


def test_it_refuses_a_database_url_that_is_not_postgresql(tmp_path):
    env = portal_env(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "manage.py", "move_to_postgres", "--sqlite", str(tmp_path / "x")],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "DATABASE_URL must name the new, empty PostgreSQL database." in result.stderr
