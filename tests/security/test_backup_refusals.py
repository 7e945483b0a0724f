"""Issue 24, item 9: a crafted backup (`../`, an absolute path, a symlink, a hardlink,
a wrong checksum, a missing or extra file, a fake database) is refused before
anything is written, with one line, and the retry is not blocked by half a restore.

Each archive is built here the way `scripts/backup.py create` builds one, then
changed; the restore runs as the operator runs it, into a data folder that does
not exist yet: after a refusal it holds no file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from tests.deploy.support import BASE_DIR, base_env

GOOD_FILE = ("attachments/ab/자료.pdf", b"%PDF-1.7 a material")
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}


def _tar_bytes(entries, *, gz=False) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if gz else "w") as tar:
        for entry in entries:
            info, data = entry
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def _file(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def _link(name, target, kind):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def _archive(tmp_path, *, files=None, listed=None, database=None, manifest=None, extra=()):
    vendor = connection.vendor
    files = files if files is not None else [_file(*GOOD_FILE)]
    listed = (
        listed if listed is not None else {GOOD_FILE[0]: hashlib.sha256(GOOD_FILE[1]).hexdigest()}
    )
    database = database if database is not None else MAGIC[vendor] + b"\x00" * 100
    manifest = manifest or {
        "format": 1,
        "created": "2026-12-06T00:00:00+00:00",
        "database": vendor,
        "migrations": {},
        "files": listed,
    }
    members = [
        _file("manifest.json", json.dumps(manifest).encode()),
        _file("database.dump", database),
        _file("files.tar", _tar_bytes(files)),
        *extra,
    ]
    path = tmp_path / "portal-backup-crafted.tar.gz"
    path.write_bytes(_tar_bytes(members, gz=True))
    return path


CASES = {
    "dot_dot": (lambda t: _archive(t, files=[_file("../escape.txt", b"x")]), "outside storage"),
    "absolute": (lambda t: _archive(t, files=[_file("/tmp/abs.txt", b"x")]), "outside storage"),
    "symlink": (
        lambda t: _archive(t, files=[_link("attachments/x", "/etc/passwd", tarfile.SYMTYPE)]),
        "link or device",
    ),
    "hardlink": (
        lambda t: _archive(t, files=[_link("attachments/y", "/etc/passwd", tarfile.LNKTYPE)]),
        "link or device",
    ),
    "wrong_checksum": (
        lambda t: _archive(t, listed={GOOD_FILE[0]: "0" * 64}),
        "SHA-256 differs",
    ),
    "unlisted_file": (
        lambda t: _archive(t, files=[_file(*GOOD_FILE), _file("attachments/extra.exe", b"MZ")]),
        "not in the manifest",
    ),
    "missing_file": (
        lambda t: _archive(
            t, listed={GOOD_FILE[0]: hashlib.sha256(GOOD_FILE[1]).hexdigest(), "b.pdf": "a" * 64}
        ),
        "lacks 1 listed file",
    ),
    "fake_database": (lambda t: _archive(t, database=b"#!/bin/sh\nrm -rf /\n"), "is not a"),
    "outer_symlink": (
        lambda t: _archive(t, extra=[_link("evil", "/etc/passwd", tarfile.SYMTYPE)]),
        "members must be exactly",
    ),
    "outer_dot_dot": (
        lambda t: _archive(t, extra=[_file("../../outside.txt", b"x")]),
        "members must be exactly",
    ),
}


def _restore(archive: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**base_env(), "DJANGO_DATA_DIR": str(data_dir), "DJANGO_DEBUG": "true"}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return subprocess.run(
        [sys.executable, "scripts/backup.py", "restore", str(archive)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_crafted_archive_is_refused_in_one_line_and_writes_nothing(tmp_path, kind, db):
    build, reason = CASES[kind]
    archive = build(tmp_path)
    data_dir = tmp_path / "new-portal"
    result = _restore(archive, data_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Backup error: ") and reason in lines[0]
    assert "Traceback" not in result.stderr
    # No database file, no stored file: at most the empty folders every entry point makes.
    assert not data_dir.exists() or [p for p in data_dir.rglob("*") if not p.is_dir()] == []
    assert not (tmp_path / "escape.txt").exists() and not Path("/tmp/abs.txt").exists()


def test_the_check_accepts_a_well_formed_archive(tmp_path, db):
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    try:
        import backup
    finally:
        sys.path.pop(0)
    work = tmp_path / "work"
    work.mkdir()
    manifest = backup.check_archive(_archive(tmp_path), work, vendor=connection.vendor)
    assert manifest["files"] == {GOOD_FILE[0]: hashlib.sha256(GOOD_FILE[1]).hexdigest()}
    assert sorted(p.name for p in work.iterdir()) == ["database.dump", "files.tar", "manifest.json"]
