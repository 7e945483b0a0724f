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
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
