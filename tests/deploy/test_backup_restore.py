"""`make backup` and `make restore`: one archive with the database and the stored files.

The round trip runs on the database of the current pass: SQLite on the SQLite
run, PostgreSQL on the PostgreSQL run (scripts/with-postgres.sh). After a
restore into an empty data directory, every table has the same number of rows
and every stored file the same SHA-256 as before; nothing is added (no fake
history entries, unlike dumpdata/loaddata).
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import tarfile

import pytest

from tests.deploy.support import (
    BASE_DIR,
    PUBLISH_DEMO,
    django_script,
    file_checksums,
    manage,
    new_database,
    portal_env,
    postgres_url,
    require_tool,
    run,
    table_counts,
)

pytestmark = pytest.mark.deploy

ADD_ATTACHMENT = """
from django.core.files.base import ContentFile
from council.models import AgendaItem, Attachment
item = AgendaItem.objects.filter(meeting__slug="2023-h2").first()
body = "회의 자료 — 첨부 파일 내용".encode() * 100
attachment = Attachment(agenda_item=item, original_name="자료.hwpx",
                        content_type="application/hwp+zip", size=len(body))
attachment.file.save("자료.hwpx", ContentFile(body), save=True)
print(attachment.file.name)
"""


def test_backup_and_restore_keep_every_row_and_every_file(tmp_path):
    if postgres_url():
        require_tool("pg_dump", "PostgreSQL backups use pg_dump and pg_restore")
    source, target = tmp_path / "source", tmp_path / "restored"
    with new_database("src") as source_db, new_database("dst") as target_db:
        env = portal_env(source, source_db)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loaddemo", "--force")
        demo_files = file_checksums(source / "private")
        django_script(env, PUBLISH_DEMO)  # one more version: PDF, xlsx and HWPX
        attachment = django_script(env, ADD_ATTACHMENT).strip()
        before_rows = table_counts(env)
        before_files = file_checksums(source / "private")
        assert len(before_files) == len(demo_files) + 3 + 1  # the version and the material
        assert attachment in before_files
        assert before_rows["proposals_historicalproposal"] > 0

        out = run(
            [sys.executable, "scripts/backup.py", "create", "--output-dir", str(tmp_path / "b")],
            env,
        )
        [archive] = (tmp_path / "b").glob("portal-backup-*.tar.gz")
        assert str(archive) in out.stdout
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds personal data
        with tarfile.open(archive) as tar:
            assert set(tar.getnames()) == {"manifest.json", "database.dump", "files.tar"}
            manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["files"] == before_files

        restored_env = portal_env(target, target_db)
        result = run([sys.executable, "scripts/backup.py", "restore", str(archive)], restored_env)
        assert "every file matches its SHA-256" in result.stdout
        manage(restored_env, "migrate", "--noinput", "-v0")  # the documented next step

        assert table_counts(restored_env) == before_rows
        assert file_checksums(target / "private") == before_files

        # A second restore over the restored portal is refused; nothing changes.
        again = subprocess.run(
            [sys.executable, "scripts/backup.py", "restore", str(archive)],
            cwd=BASE_DIR,
            env=restored_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 1
        assert again.stderr.strip() == (
            "Backup error: The database is not empty. Restore into a new, empty database "
            "(for SQLite: a new DJANGO_DATA_DIR)."
        )
        assert table_counts(restored_env) == before_rows
