"""Back up and restore the whole portal: the database and the stored files, in one archive.

    python scripts/backup.py create [--output-dir DIR]     # `make backup`
    python scripts/backup.py restore FILE                   # `make restore BACKUP=FILE`

Run from the portal's folder with the same environment as the portal
(DATABASE_URL, DJANGO_DATA_DIR, ...). django-dbbackup does the work: the
database through SQLite's backup API or `pg_dump --format=custom` (whose
version must match the server's), the files (uploaded materials, published
results) through Django's storage API, so object storage works the same.

The archive `portal-backup-YYYYmmdd-HHMMSS.tar.gz` (mode 0600: it holds
personal data) contains `database.dump`, `files.tar` and `manifest.json`
(database kind, the latest migration of each app, every file's SHA-256).
The database is dumped first and the files right after, so every file the
database names is in the archive (files are written before their row is
committed); a file uploaded in between is at worst an extra.

A restore goes only into an empty database and an empty file storage (a new
server, or a new DJANGO_DATA_DIR): it refuses anything else rather than mix
two states. It then checks every restored file against its SHA-256. Run
`manage.py migrate` afterwards when the code is newer than the backup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1
DATABASE_MEMBER = "database.dump"
FILES_MEMBER = "files.tar"
MANIFEST_MEMBER = "manifest.json"


class BackupError(Exception):
    """Something an operator must fix; printed as one line."""


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise BackupError(f"Configuration error: {error}") from None
    from config.paths import ensure_data_dirs

    ensure_data_dirs()  # a restore into a new machine's empty data directory


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_files() -> dict[str, str]:
    """Every file in the default storage (uploads, published results) → its SHA-256."""
    from django.core.files.storage import default_storage

    found: dict[str, str] = {}
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        folders.extend(f"{folder}/{sub}" if folder else sub for sub in subfolders)
        for name in files:
            path = f"{folder}/{name}" if folder else name
            with default_storage.open(path, "rb") as handle:
                found[path] = _sha256(handle)
    return found


def _ensure_storage_folder() -> None:
    """A FileSystemStorage's folder appears with the first upload; a backup or
    restore of a portal without uploads yet needs it to exist. (Object storage
    has no folders to make.)"""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        Path(storage.location).mkdir(parents=True, exist_ok=True)


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def create(output_dir: Path) -> Path:
    _setup_django()
    from django.core.management import call_command
    from django.db import connection

    output_dir.mkdir(parents=True, exist_ok=True)
    _ensure_storage_folder()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"portal-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        work_dir = Path(work)
        database = work_dir / DATABASE_MEMBER
        files = work_dir / FILES_MEMBER
        migrations = _migrations()
        # The database first, then the files: see the module docstring.
        call_command("dbbackup", output_path=str(database), verbosity=0)
        call_command("mediabackup", output_path=str(files), verbosity=0)
        with tarfile.open(files) as tar:
            checksums = {
                member.name: _sha256(tar.extractfile(member)) for member in tar if member.isfile()
            }
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": migrations,
            "files": checksums,
        }
        (work_dir / MANIFEST_MEMBER).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = archive.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name in (MANIFEST_MEMBER, DATABASE_MEMBER, FILES_MEMBER):
                tar.add(work_dir / name, arcname=name)
        partial.rename(archive)
    return archive


def _database_is_empty() -> bool:
    from django.db import connection

    with connection.cursor():
        tables = connection.introspection.table_names()
    connection.close()
    return not tables


def restore(archive: Path) -> dict:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        work_dir = Path(work)
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
            wanted = {MANIFEST_MEMBER, DATABASE_MEMBER, FILES_MEMBER}
            if not wanted <= names:
                raise BackupError(f"{archive}: not a portal backup (needs {sorted(wanted)})")
            for name in wanted:
                tar.extract(name, work_dir, filter="data")
        manifest = json.loads((work_dir / MANIFEST_MEMBER).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive}: backup format {manifest.get('format')} is not {FORMAT}")
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"{archive} holds a {manifest['database']} database; DATABASE_URL names "
                f"{connection.vendor}. Restore into the same kind of database."
            )
        if not _database_is_empty():
            raise BackupError(
                "The database is not empty. Restore into a new, empty database "
                "(for SQLite: a new DJANGO_DATA_DIR)."
            )
        if stored_files():
            raise BackupError(
                "The file storage is not empty. Restore into a new, empty DJANGO_DATA_DIR "
                "(or an empty bucket)."
            )
        _ensure_storage_folder()
        restore_options = {"input_path": str(work_dir / DATABASE_MEMBER), "interactive": False}
        if connection.vendor == "postgresql":
            # The new database may have another owner than the old one.
            restore_options["pg_options"] = "--no-owner --no-acl"
        connection.close()
        if connection.vendor == "sqlite":
            # The connection that checked emptiness may have left WAL files beside it.
            name = Path(settings.DATABASES["default"]["NAME"])
            for suffix in ("-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)
        call_command("dbrestore", verbosity=0, **restore_options)
        call_command(
            "mediarestore",
            input_path=str(work_dir / FILES_MEMBER),
            interactive=False,
            verbosity=0,
        )
    restored = stored_files()
    expected = manifest["files"]
    wrong = sorted(name for name in expected if restored.get(name) != expected[name])
    if wrong or len(restored) != len(expected):
        raise BackupError(f"restored files differ from the backup: {wrong[:5]}")
    return {"files": len(restored), "migrations": manifest["migrations"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("create", help="write a new backup archive")
    make.add_argument("--output-dir", type=Path, default=ROOT / "backups")
    back = commands.add_parser("restore", help="restore an archive into an empty portal")
    back.add_argument("archive", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            archive = create(args.output_dir)
            print(f"Backup written: {archive} ({archive.stat().st_size:,} bytes)")
        else:
            result = restore(args.archive)
            print(
                f"Restored the database and {result['files']} file(s) from {args.archive}; "
                "every file matches its SHA-256. Next (make restore runs them): manage.py migrate "
                "--noinput, manage.py collectstatic --noinput, then start gunicorn."
            )
    except BackupError as error:
        print(f"Backup error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
