"""`manage.py move_to_postgres --sqlite OLD.sqlite3 [--files OLD_PRIVATE_DIR]`: a SQLite pilot
into an empty PostgreSQL database (the one DATABASE_URL names), with its stored files.

Run with the production environment (DATABASE_URL of the new, empty PostgreSQL
database; DJANGO_DATA_DIR or object storage for the files). It

1. migrates the SQLite file and the new database to this code's schema (both
   must then record the same migrations);
2. empties the tables `migrate` filled in the new database (content types,
   permissions) and copies every row of every table, including the change
   history and sessions, with their keys, in one transaction; rows are
   inserted as they are (bulk, no save signals), so no history entry is added;
3. moves the primary-key sequences past the copied keys;
4. copies the stored files from `--files` (the pilot's DJANGO_DATA_DIR/private)
   into the storage, unless they are already there;
5. compares every table's row count and every file's SHA-256, and fails
   (exit 1, nothing to undo but dropping the new database) on any difference.

A table of the SQLite file that no model knows, a non-empty new database, or a
DATABASE_URL that is not PostgreSQL are refused before anything is written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder

SOURCE = "pilot_sqlite"
BATCH = 500


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


def _counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            # Table names from introspection, quoted by the backend.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = "SQLite로 시범 운영한 포털을 빈 PostgreSQL 데이터베이스로 옮깁니다 (모든 표, 변경 이력, 저장 파일)."

    def add_arguments(self, parser):
        parser.add_argument("--sqlite", required=True, help="시범 운영의 portal.sqlite3 파일")
        parser.add_argument(
            "--files", help="시범 운영의 저장 파일 폴더 (예전 DJANGO_DATA_DIR/private)"
        )

    def handle(self, *args, **options):
        target = connections["default"]
        if target.vendor != "postgresql":
            raise CommandError("DATABASE_URL must name the new, empty PostgreSQL database.")
        sqlite = Path(options["sqlite"]).expanduser().resolve()
        if not sqlite.is_file():
            raise CommandError(f"No SQLite file at {sqlite}")
        if target.introspection.table_names():
            raise CommandError(
                "The PostgreSQL database is not empty. Create a new one "
                "(createdb -O portal portal) and point DATABASE_URL at it."
            )
        connections.databases[SOURCE] = {
            **connections.databases.get(SOURCE, {}),
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(sqlite),
            "OPTIONS": {"timeout": 20},
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        }
        call_command("migrate", database=SOURCE, interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        recorded = {
            alias: set(MigrationRecorder.Migration.objects.using(alias).values_list("app", "name"))
            for alias in (SOURCE, "default")
        }
        if recorded[SOURCE] != recorded["default"]:
            raise CommandError("The two databases record different migrations after migrate.")

        models = _models()
        known = {m._meta.db_table for m in models} | {MigrationRecorder.Migration._meta.db_table}
        unknown = sorted(set(connections[SOURCE].introspection.table_names()) - known)
        if unknown:
            raise CommandError(f"Tables no model knows (not copied, nothing done): {unknown}")

        with transaction.atomic():
            with target.cursor() as cursor:
                tables = ", ".join(target.ops.quote_name(m._meta.db_table) for m in models)
                cursor.execute(f"TRUNCATE {tables} CASCADE")
            for model in models:
                rows = model._base_manager.using(SOURCE).order_by("pk")
                batch = []
                for row in rows.iterator(chunk_size=BATCH):
                    batch.append(row)
                    if len(batch) >= BATCH:
                        model._base_manager.using("default").bulk_create(batch)
                        batch = []
                if batch:
                    model._base_manager.using("default").bulk_create(batch)
            with target.cursor() as cursor:
                for statement in target.ops.sequence_reset_sql(self.style, models):
                    cursor.execute(statement)

        differ = {}
        source_counts, target_counts = _counts(SOURCE), _counts("default")
        for table, count in source_counts.items():
            if target_counts.get(table) != count:
                differ[table] = (count, target_counts.get(table))
        if differ:
            raise CommandError(f"Row counts differ (table: sqlite, postgresql): {differ}")
        rows = sum(source_counts.values())
        self.stdout.write(
            f"Copied {rows:,} rows in {len(source_counts)} tables; every count matches."
        )

        if options["files"]:
            self._files(Path(options["files"]).expanduser().resolve())
        connections[SOURCE].close()

    def _files(self, folder: Path) -> None:
        if not folder.is_dir():
            raise CommandError(f"No folder at {folder}")
        expected: dict[str, str] = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            with path.open("rb") as handle:
                expected[name] = _sha256(handle)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as stored:
                    if _sha256(stored) == expected[name]:
                        continue
                raise CommandError(f"{name} exists in the storage with other content.")
            with path.open("rb") as handle:
                saved = default_storage.save(name, File(handle, name=path.name))
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}.")
        wrong = []
        for name, digest in expected.items():
            with default_storage.open(name, "rb") as stored:
                if _sha256(stored) != digest:
                    wrong.append(name)
        if wrong:
            raise CommandError(f"Stored files differ from the pilot's: {wrong[:5]}")
        self.stdout.write(f"{len(expected)} stored file(s) in place; every SHA-256 matches.")
