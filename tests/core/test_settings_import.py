"""Importing the settings writes nothing; the entry points create the data folders."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), **extra)
    return env


def test_it_creates_no_folder_on_import(tmp_path):
    data_dir = tmp_path / "nowhere" / "data"
    subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=_env(data_dir),
        check=True,
    )
    assert not data_dir.exists()


def test_manage_py_creates_the_data_and_static_folders(tmp_path):
    data_dir = tmp_path / "fresh" / "data"
    subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_env(data_dir),
        check=True,
        capture_output=True,
    )
    assert data_dir.is_dir()
    assert (data_dir / "staticfiles").is_dir()


def test_a_malformed_reminder_day_count_stops_with_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_env(tmp_path / "data", PORTAL_COMMITMENT_REMINDER_DAYS="two weeks"),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "Configuration error: PORTAL_COMMITMENT_REMINDER_DAYS must be a whole number of days"
        " ≥ 1 (e.g. 14), not 'two weeks'"
    ]
