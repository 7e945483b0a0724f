"""gunicorn's settings for the portal: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be changed without editing this file, through gunicorn's own
GUNICORN_CMD_ARGS (e.g. GUNICORN_CMD_ARGS="--workers 4") or the variables below.
"""

import os
import sys

# Where to listen. Behind nginx or a load balancer on the same machine, loopback.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Sync workers: the portal's requests are short database round trips and PDF
# renders. Two per core is plenty for one district (see docs/PERFORMANCE.md).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"

# A published result's PDF of a large meeting takes a few seconds to render;
# 60 s leaves room without letting a stuck request hold a worker for long.
timeout = 60
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so that memory held by a big PDF is returned.
max_requests = 1000
max_requests_jitter = 100

# Request size limits (bodies are limited by Django: DATA_UPLOAD_MAX_MEMORY_SIZE,
# ATTACHMENT_MAX_BYTES). These bound the request line and headers.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Logs to stderr: the service manager (systemd, a container) keeps them.
# Access log: client, time, request, status, bytes, duration in ms, user agent.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
# %(t)s carries the offset ([06/Dec/2026:19:12:03 +0900]); reset-link tokens are
# masked (config/access_log.py).
logger_class = "config.access_log.MaskingLogger"

# Only the proxies named here may set X-Forwarded-Proto (https) for gunicorn;
# Django reads the client address itself (DJANGO_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

wsgi_app = "config.wsgi:application"


def on_starting(server):
    """Check the settings once in the master, before any worker starts: a missing
    or malformed environment variable stops gunicorn with its one-line message."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018  (imports and checks the settings)
    except ImproperlyConfigured as error:
        print(f"Configuration error: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
