"""The folders the portal writes to, created by the entry points, not by settings.

Importing `config.settings` has no side effects (a test imports it with a data
directory that does not exist and checks nothing appears). `manage.py` and
`config/wsgi.py` call `ensure_data_dirs()` once the settings are read, so the
embedded SQLite database and `collectstatic` find their folders on a new machine.
"""

from __future__ import annotations

from pathlib import Path


def ensure_data_dirs() -> None:
    from django.conf import settings

    for folder in (Path(settings.DATA_DIR), Path(settings.STATIC_ROOT)):
        folder.mkdir(parents=True, exist_ok=True)
