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
import shutil
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


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256(handle)


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
            "database_sha256": _file_sha256(database),
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


# What a restore accepts: the three members as plain files, and inside files.tar only
# folders and plain files with relative names, each listed in the manifest with its
# SHA-256 (and every listed file present).
DATABASE_MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
_SHA256 = frozenset("0123456789abcdef")


def _refuse(archive: Path, why: str) -> BackupError:
    return BackupError(f"{archive.name}: refused, nothing restored: {why}")


def _safe_member_name(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and "\x00" not in name
        and ".." not in parts
        and not (len(name) > 1 and name[1] == ":")
    )


def check_archive(archive: Path, work_dir: Path, *, vendor: str) -> dict:
    """Check the whole archive and extract its three members into `work_dir` (a
    temporary folder); raise BackupError (one line) on anything unexpected. Nothing
    outside `work_dir` is written."""
    try:
        with tarfile.open(archive) as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            wanted = {MANIFEST_MEMBER, DATABASE_MEMBER, FILES_MEMBER}
            if sorted(names) != sorted(wanted):
                raise _refuse(archive, f"members must be exactly {sorted(wanted)}, not {names[:6]}")
            for member in members:
                if not member.isreg():
                    raise _refuse(archive, f"{member.name} is not a plain file")
            free = shutil.disk_usage(work_dir).free
            if sum(member.size for member in members) > free:
                raise _refuse(archive, f"its members need more than the {free:,} bytes free")
            for member in members:
                tar.extract(member, work_dir, filter="data")
    except tarfile.TarError as error:
        raise _refuse(archive, f"not a readable tar.gz archive ({error})") from None
    try:
        manifest = json.loads((work_dir / MANIFEST_MEMBER).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _refuse(archive, "manifest.json is not JSON") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 64 and set(v) <= _SHA256
        for k, v in files.items()
    ):
        raise _refuse(archive, "manifest.json lacks the files' SHA-256 list")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: backup format {manifest.get('format')} is not {FORMAT}")
    if manifest.get("database") != vendor:
        raise BackupError(
            f"{archive} holds a {manifest.get('database')} database; DATABASE_URL names "
            f"{vendor}. Restore into the same kind of database."
        )
    database = work_dir / DATABASE_MEMBER
    with database.open("rb") as handle:
        if not handle.read(16).startswith(DATABASE_MAGIC.get(vendor, b"")):
            raise _refuse(archive, f"database.dump is not a {vendor} dump")
        handle.seek(0)
        if manifest.get("database_sha256") not in (None, _sha256(handle)):
            raise _refuse(archive, "database.dump does not match its SHA-256")
    seen: set[str] = set()
    try:
        with tarfile.open(work_dir / FILES_MEMBER) as tar:
            for member in tar:
                if not _safe_member_name(member.name):
                    raise _refuse(
                        archive, f"files.tar names a path outside storage: {member.name!r}"
                    )
                if member.isdir():
                    continue
                if not member.isreg():
                    raise _refuse(archive, f"files.tar holds a link or device: {member.name!r}")
                name = member.name
                if name in seen:
                    raise _refuse(archive, f"files.tar holds {name!r} twice")
                seen.add(name)
                if files.get(name) != _sha256(tar.extractfile(member)):
                    raise _refuse(
                        archive, f"{name!r} is not in the manifest or its SHA-256 differs"
                    )
    except tarfile.TarError as error:
        raise _refuse(archive, f"files.tar is not a readable tar archive ({error})") from None
    missing = sorted(set(files) - seen)
    if missing:
        raise _refuse(
            archive, f"files.tar lacks {len(missing)} listed file(s), e.g. {missing[0]!r}"
        )
    return manifest


def restore(archive: Path) -> dict:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        work_dir = Path(work)
        # The whole archive is checked before anything is written (issue 24, item 9).
        manifest = check_archive(archive, work_dir, vendor=connection.vendor)
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
        print(f"Backup error: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
