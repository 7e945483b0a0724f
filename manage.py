#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (reads the environment: config/env.py)
    except ImproperlyConfigured as error:
        # A missing or malformed variable: its one line, not a traceback.
        sys.exit(f"Configuration error: {error}")
    from config.paths import ensure_data_dirs

    ensure_data_dirs()
    try:
        execute_from_command_line(sys.argv)
    except Exception as error:
        line = unreachable_database(error)
        if line is None:
            raise
        sys.exit(line)


def unreachable_database(error: BaseException) -> str | None:
    """One line for a database that cannot be reached (down, wrong host or port, refused
    login), naming host, port and database but never the password; None otherwise."""
    from django.conf import settings
    from django.db import OperationalError, connection

    if not isinstance(error, OperationalError) or connection.vendor != "postgresql":
        return None
    if connection.connection is not None:
        return None  # connected: a failure inside a query, not reaching the server
    database = settings.DATABASES["default"]
    first_line = (str(error).strip().splitlines() or [""])[0]
    reason = first_line.rsplit(":", 1)[-1].strip() or type(error).__name__
    return (
        f"Database unreachable: cannot connect to {database.get('NAME')} on "
        f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432} "
        f"({reason}). Check that PostgreSQL is running there and that DATABASE_URL names it."
    )


if __name__ == "__main__":
    main()
