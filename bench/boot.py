"""Import first in a bench subprocess: Django set up on a fresh, migrated bench database.

The database is whatever DATABASE_URL names (a throwaway PostgreSQL cluster),
or else SQLite in DJANGO_DATA_DIR, which run.py points at /tmp/bench-*.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
if "DJANGO_DATA_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _data_dir = tempfile.mkdtemp(prefix="bench-", dir="/tmp")
    os.environ["DJANGO_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, True)  # ours to remove when run by hand

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from config.paths import ensure_data_dirs  # noqa: E402

ensure_data_dirs()

if os.environ.get("BENCH_SKIP_MIGRATE") != "1":
    call_command("migrate", verbosity=0, interactive=False)
