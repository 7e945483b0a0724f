"""Strict readers for the environment variables the settings use.

Each reader either returns a value of the documented form or raises
ImproperlyConfigured with one line that names the variable and the expected
form. manage.py, config/wsgi.py and config/gunicorn.conf.py print that line
alone (no traceback) and stop. Values that may hold a password (DATABASE_URL,
EMAIL_URL) are never repeated in the message.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
DATABASE_FORM = (
    "postgres://USER:PASSWORD@HOST:5432/NAME (or sqlite:////absolute/path/portal.sqlite3)"
)
EMAIL_SCHEMES = {"smtp", "smtp+tls", "smtp+ssl", "consolemail", "filemail", "dummymail"}
EMAIL_FORM = (
    "smtp+tls://USER:PASSWORD@HOST:587 (or smtp://HOST:25, smtp+ssl://…:465, "
    "consolemail://, filemail:////absolute/folder)"
)


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    """`true` or `false` only; anything else is a configuration error."""
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.lower()
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {raw!r}")
    return value == "true"


def env_int(name: str, default: int, *, minimum: int = 0, unit: str = "") -> int:
    """A whole number ≥ `minimum` (written with digits only)."""
    raw = _raw(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        what = f"a whole number of {unit}" if unit else "a whole number"
        raise ImproperlyConfigured(
            f"{name} must be {what} ≥ {minimum} (e.g. {default}), not {raw!r}"
        )
    return int(raw)


def env_choice(name: str, default: str, choices: list[str]) -> str:
    raw = _raw(name)
    if raw is None:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP addresses or networks, e.g. `127.0.0.1, 10.0.0.0/24`."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated IP addresses or networks of the proxies "
                f"in front of the portal (e.g. 127.0.0.1 or 10.0.0.0/24), not {item!r}"
            ) from None
    return networks


def _scheme_problem(scheme: str) -> str:
    return f"the scheme {scheme!r} is not supported" if scheme else "the scheme is missing"


def database_from_env(name: str = "DATABASE_URL") -> dict | None:
    """Django's DATABASES['default'] from a URL, or None when the variable is unset."""
    raw = _raw(name)
    if raw is None:
        return None
    problem = f"{name} must look like {DATABASE_FORM}"
    parts = urlsplit(raw)
    if parts.scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(f"{problem}; {_scheme_problem(parts.scheme)}")
    try:
        config = environ.Env.db_url_config(raw)
    except (ValueError, ImproperlyConfigured):
        raise ImproperlyConfigured(f"{problem}; the value given is malformed") from None
    if parts.scheme == "sqlite":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{problem}; the file name is missing")
    elif not config.get("HOST") or not config.get("NAME"):
        raise ImproperlyConfigured(f"{problem}; the host or the database name is missing")
    return config


def email_from_env(name: str = "EMAIL_URL") -> dict | None:
    """Django's EMAIL_* settings from a URL, or None when the variable is unset."""
    raw = _raw(name)
    if raw is None:
        return None
    problem = f"{name} must look like {EMAIL_FORM}"
    parts = urlsplit(raw)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"{problem}; {_scheme_problem(parts.scheme)}")
    try:
        config = environ.Env.email_url_config(raw)
    except (ValueError, ImproperlyConfigured):
        raise ImproperlyConfigured(f"{problem}; the value given is malformed") from None
    if parts.scheme.startswith("smtp") and not config.get("EMAIL_HOST"):
        raise ImproperlyConfigured(f"{problem}; the host is missing")
    if parts.scheme == "filemail" and not str(config.get("EMAIL_FILE_PATH", "")).startswith("/"):
        raise ImproperlyConfigured(f"{problem}; filemail needs an absolute folder")
    return config


NOTICE_SCHEMES = {"console", "folder", "locmem", "solapi"}
NOTICE_FORM = (
    "console:// (or folder:////absolute/folder, "
    "solapi://API_KEY:API_SECRET@api.solapi.com?sender=0212345678&pf_id=KA01…)"
)


def notice_from_env(name: str = "NOTICE_URL") -> dict:
    """The 문자/알림톡 backend (lib.messaging) from a URL; the console when unset."""
    from urllib.parse import parse_qs, unquote

    raw = _raw(name)
    if raw is None:
        return {"backend": "console"}
    problem = f"{name} must look like {NOTICE_FORM}"
    parts = urlsplit(raw)
    if parts.scheme not in NOTICE_SCHEMES:
        raise ImproperlyConfigured(f"{problem}; {_scheme_problem(parts.scheme)}")
    if parts.scheme == "folder":
        if not parts.path.startswith("/"):
            raise ImproperlyConfigured(f"{problem}; folder needs an absolute folder")
        return {"backend": "folder", "path": parts.path}
    if parts.scheme != "solapi":
        return {"backend": parts.scheme}
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if not parts.username or not parts.password or not parts.hostname:
        raise ImproperlyConfigured(f"{problem}; the key, the secret or the host is missing")
    sender = "".join(ch for ch in query.get("sender", "") if ch.isdigit())
    if not sender:
        raise ImproperlyConfigured(f"{problem}; sender (the registered 발신번호) is missing")
    if importlib.util.find_spec("solapi") is None:
        raise ImproperlyConfigured(f"{name} names solapi: pip install '.[solapi]'")
    scheme = "http" if query.get("insecure") == "true" else "https"
    port = f":{parts.port}" if parts.port else ""
    return {
        "backend": "solapi",
        "api_key": unquote(parts.username),
        "api_secret": unquote(parts.password),
        "base_url": f"{scheme}://{parts.hostname}{port}",
        "sender": sender,
        "pf_id": query.get("pf_id", ""),
    }


def env_hours(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """`21-8`: quiet from 21:00 to 08:00 (the end may be the next day)."""
    raw = _raw(name)
    if raw is None:
        return default
    start, _sep, end = raw.partition("-")
    if not (start.isdigit() and end.isdigit() and int(start) < 24 and int(end) < 24):
        raise ImproperlyConfigured(f"{name} must look like 21-8 (hours 0–23), not {raw!r}")
    return int(start), int(end)


def s3_storage_from_env() -> dict:
    """STORAGES['default'] for S3-compatible object storage through django-storages.

    Read only when DJANGO_STORAGE_BACKEND=s3; django-storages and boto3 are not
    dependencies of the portal (`pip install "django-storages[s3]"` on such a server).
    """
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "DJANGO_STORAGE_BACKEND=s3 needs django-storages with boto3: "
            '.venv/bin/pip install "django-storages[s3]==1.14.6"'
        )
    bucket = _raw("AWS_STORAGE_BUCKET_NAME")
    if bucket is None:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME must name the bucket when DJANGO_STORAGE_BACKEND=s3"
        )
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for variable, option in (
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_ACCESS_KEY_ID", "access_key"),
        ("AWS_SECRET_ACCESS_KEY", "secret_key"),
        ("AWS_LOCATION", "location"),
    ):
        value = _raw(variable)
        if value is not None:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
