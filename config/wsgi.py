import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
try:
    application = get_wsgi_application()
    from config.paths import ensure_data_dirs

    ensure_data_dirs()
except ImproperlyConfigured as error:
    # A missing or malformed environment variable: its one line, not a traceback.
    sys.exit(f"Configuration error: {error}")
