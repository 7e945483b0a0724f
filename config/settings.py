"""Settings for the 돌봄협의체 portal.

Everything that differs between machines comes from environment variables.
With no variables at all this is a safe development setup (DEBUG on, SQLite
in ./data, e-mail printed to the console). With DJANGO_DEBUG=false it refuses
to start unless a secret key and allowed hosts are given.
"""

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from config import logs
from config.env import (
    database_from_env,
    email_from_env,
    env_bool,
    env_choice,
    env_hours,
    env_int,
    env_list,
    env_networks,
    notice_from_env,
    s3_storage_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if not DEBUG else ["127.0.0.1", "localhost"])

if not DEBUG:
    if not SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of 32+ characters "
            "when DJANGO_DEBUG=false."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=false.")
elif not SECRET_KEY:
    # Development only: a fixed, clearly-labelled key so sessions survive restarts.
    SECRET_KEY = "dev-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "data"))
# The embedded database and private uploads live here. Importing settings creates
# nothing: manage.py and the WSGI entry point call config.paths.ensure_data_dirs().

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "simple_history",
    "health_check",
    "dbbackup",
    "lib",
    "council",
    "facilities",
    "proposals",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "council.middleware.SessionEndedMiddleware",
    # The second factor (django-otp): staff, reviewers, administrators (council.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "council.two_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "council.middleware.NoStoreForUsersMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: gives a bare 405 (HttpResponseNotAllowed) the Korean error page.
    "config.errors.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` answered from remembered addresses (same results as Django's).
            "builtins": ["lib.templatetags.cached_url"],
            # `{% load i18n %}` and `{% load static %}` are Django's libraries with the
            # answers for literal messages and paths remembered (same results as Django's).
            "libraries": {
                "i18n": "lib.templatetags.i18n_memo",
                "static": "lib.templatetags.static_memo",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.context_processors.site",
                "council.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file by default (WAL, IMMEDIATE transactions against
# "database is locked"); PostgreSQL or anything else through DATABASE_URL.
_database = database_from_env("DATABASE_URL")
if _database:
    DATABASES = {"default": _database}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "portal.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DJANGO_TEST_SQLITE_NAME")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "council.backends.RoleAwareModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Password-reset requests: at most this many per address and per client address
# in the window (council.resets), whether or not the address is registered.
PASSWORD_RESET_PER_ADDRESS = 3
PASSWORD_RESET_PER_CLIENT = 10
PASSWORD_RESET_WINDOW_MINUTES = 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # No portal or district words, no keyboard or Hangul sequences (council/passwords.py).
    {"NAME": "council.passwords.PortalWordsValidator"},
    {"NAME": "council.passwords.SequenceValidator"},
    # zxcvbn with the user's name, username and e-mail; Korean typed on an English
    # keyboard; today's date (council/passwords.py).
    {"NAME": "council.passwords.StrengthValidator"},
]

# Where each role lands after login (council.access.home_url_for); the pages
# belong to different apps, so the site's configuration names them.
ROLE_HOME_URLS = {
    "staff": "portal:dashboard",
    "member": "council:my_meetings",
    "reviewer": "proposals:review_home",
    "admin": "council_list",
    "none": "no_role",
}

# What the apps above council put on council's pages, in page order (council.extensions).
COUNCIL_PAGE_ASSEMBLY = "portal.navigation"
# Second factor (council/two_factor.py, django-otp TOTP): required for staff, reviewers
# and administrators unless the client address (lib.client.client_ip) is in these
# networks, e.g. the 구청's internal network: PORTAL_2FA_EXEMPT_NETWORKS=10.20.0.0/16.
# Unset in development (DJANGO_DEBUG on), this machine itself (127.0.0.1, ::1) is
# exempt so the demo works without a phone; in production nothing is, unless named.
if os.environ.get("PORTAL_2FA_EXEMPT_NETWORKS") is None and DEBUG:
    TWO_FACTOR_EXEMPT_NETWORKS = [ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("::1")]
else:
    TWO_FACTOR_EXEMPT_NETWORKS = env_networks("PORTAL_2FA_EXEMPT_NETWORKS")
OTP_TOTP_ISSUER = "돌봄협의체 포털"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after an idle hour; every request renews them. Open forms warn
# the user before this runs out (static/js/session-timeout.js).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", 3600, minimum=60, unit="seconds")
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# The proxies in front of the portal (nginx, a load balancer): comma-separated
# addresses or networks. Only a request arriving from one of them has its
# X-Forwarded-For header believed (lib.client.client_ip): the login lockout
# and the audit log then see the visitor's address. Unset, the header is ignored.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")

# Login throttling (council/lockout.py): five failures lock the ACCOUNT (from any
# address) for 30 minutes. An address is never walled off for one person's typos
# (members share a room's Wi-Fi, a 구청 leaves through one address): it is only
# slowed when it sprays, i.e. fails on LOGIN_SPRAY_ACCOUNTS+ accounts and
# LOGIN_SPRAY_FAILURES+ times within LOGIN_SPRAY_WINDOW_MINUTES; then it waits
# LOGIN_SPRAY_BASE_DELAY_SECONDS after its latest failure, doubling per further
# failure up to LOGIN_SPRAY_MAX_DELAY_SECONDS. The login page warns from the
# third failure on (council.views.LoginView).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1, unit="failed logins")
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that locking per account only lets an attacker rotate addresses; the
# address rule is council.lockout's (spraying is slowed), so the warning is answered.
# templates.W003 says the `i18n` and `static` labels name two modules: TEMPLATES'
# OPTIONS["libraries"] maps them on purpose to Django's libraries with remembered
# answers (lib.templatetags.i18n_memo, static_memo). tests/core/test_template_memos.py
# fails if any other label is used twice, which is what the warning is for.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "templates.W003"]
LOGIN_SPRAY_ACCOUNTS = env_int("PORTAL_LOGIN_SPRAY_ACCOUNTS", 5, minimum=2, unit="accounts")
LOGIN_SPRAY_FAILURES = env_int("PORTAL_LOGIN_SPRAY_FAILURES", 20, minimum=2, unit="failures")
LOGIN_SPRAY_WINDOW_MINUTES = env_int(
    "PORTAL_LOGIN_SPRAY_WINDOW_MINUTES", 15, minimum=1, unit="minutes"
)
LOGIN_SPRAY_BASE_DELAY_SECONDS = 30
LOGIN_SPRAY_MAX_DELAY_SECONDS = 3600
# The client address through the trusted proxies (TRUSTED_PROXIES above).
AXES_CLIENT_IP_CALLABLE = "lib.client.client_ip"
LOGIN_WARNING_AFTER_FAILURES = 3
AXES_LOCKOUT_CALLABLE = "council.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Keep a row per failed login as well (the staff audit log shows both).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Audit records (logins, personal-data views, downloads, exports) are kept this
# many days, then removed by the scheduled command (send_reminders / purge_audit).
# 개인정보의 안전성 확보조치 기준 asks for at least a year: less refuses to start.
AUDIT_RETENTION_DAYS = env_int("DJANGO_AUDIT_RETENTION_DAYS", 730, minimum=1, unit="days")
if AUDIT_RETENTION_DAYS < 365:
    raise ImproperlyConfigured(
        "DJANGO_AUDIT_RETENTION_DAYS must be at least 365 (access records are kept a year)."
    )

# The key of the audit records' hash chain (council/audit_chain.py). Kept out of the
# database so that SQL access alone cannot forge a record; by default derived from
# SECRET_KEY (changing either makes `verify_audit` report every record: keep it).
AUDIT_CHAIN_KEY = os.environ.get("DJANGO_AUDIT_CHAIN_KEY", "")

LANGUAGE_CODE = "ko"
# Korean is the interface; the public finder is also in English (locale/en), chosen
# by the browser's language or the finder's language switch (Django's set_language).
LANGUAGES = [("ko", "한국어"), ("en", "English")]
# The language cookie like the session's: not readable by scripts, same-site, and
# HTTPS-only in production (below).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# `2026. 11. 30.` and 24-hour times wherever Django formats a date itself.
FORMAT_MODULE_PATH = ["council.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded materials and published results: DJANGO_DATA_DIR/private by default;
# S3-compatible object storage with DJANGO_STORAGE_BACKEND=s3 (django-storages,
# installed separately; README "Object storage"). Code reaches them only through
# Django's storage API.
STORAGE_BACKEND = env_choice("DJANGO_STORAGE_BACKEND", "filesystem", ["filesystem", "s3"])
STORAGES = {
    "default": (
        s3_storage_from_env()
        if STORAGE_BACKEND == "s3"
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": DATA_DIR / "private"},
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The TrueType faces (6 MB each) are for WeasyPrint and browsers without WOFF2:
# compressing them took collectstatic from 3 s to 30 s for nearly no visitor.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf"]
# Uploaded files (meeting materials, published results) are never served by
# URL: MEDIA_URL stays unset and views stream them after an access check.

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Backups (`make backup`, scripts/backup.py): django-dbbackup dumps the database
# (SQLite's backup API, or pg_dump) and tars the default storage's files.
DBBACKUP_SEND_EMAIL = False

# Forms render through crispy-forms with the portal's own template pack
# (templates/krds/): KRDS form markup (form-group, form-tit, form-conts, form-hint).
CRISPY_ALLOWED_TEMPLATE_PACKS = ("krds",)
CRISPY_TEMPLATE_PACK = "krds"

# E-mail: printed to the console unless EMAIL_URL names an SMTP server,
# e.g. smtp+tls://user:password@mail.example.go.kr:587
_email = email_from_env("EMAIL_URL")
if _email:
    for _key, _value in _email.items():
        globals()[_key] = _value
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@dolbom.local")
# The portal's address in e-mails sent outside a request (status-change notices);
# the cron command takes the same variable.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000")
# Whom to call, on every page and error page (also when the database is down), e.g.
# "금정구청 아동청소년과 051-519-0000". Unset: pages say to call the district office.
PORTAL_HELP_CONTACT = os.environ.get("PORTAL_HELP_CONTACT", "").strip()
# The KRDS masthead ("이 누리집은 대한민국 공식 전자정부 누리집입니다") on every page: only
# where the portal is served on a government domain (go.kr).
PORTAL_OFFICIAL_MASTHEAD = env_bool("PORTAL_OFFICIAL_MASTHEAD", False)
# /health/ answers 503 ("disk") when less than this many MiB are free under DJANGO_DATA_DIR.
HEALTH_MIN_FREE_MB = env_int("PORTAL_HEALTH_MIN_FREE_MB", 500, minimum=0, unit="MiB")
# How many days before a commitment's due date its department is reminded (once).
COMMITMENT_REMINDER_DAYS = env_int("PORTAL_COMMITMENT_REMINDER_DAYS", 14, minimum=1, unit="days")
# Facility figures (정원·현원·대기) older than this many months are labelled with their age
# on public pages, and their vacancies are no longer offered (facilities/freshness.py).
FACILITY_FIGURES_MAX_AGE_MONTHS = env_int(
    "PORTAL_FIGURES_MAX_AGE_MONTHS", 6, minimum=1, unit="months"
)

# Notices (council.notices): 문자 and 알림톡 through NOTICE_URL (lib.messaging;
# the console by default), e-mail through EMAIL_URL. Nothing but the
# receipt a member just caused goes during quiet hours (21:00–08:00).
NOTICE_BACKEND = notice_from_env("NOTICE_URL")
NOTICE_QUIET_HOURS = env_hours("PORTAL_NOTICE_QUIET_HOURS", (21, 8))
NOTICE_MAX_ATTEMPTS = env_int("PORTAL_NOTICE_MAX_ATTEMPTS", 5, minimum=1)
NOTICE_RETRY_SECONDS = env_int("PORTAL_NOTICE_RETRY_SECONDS", 60, minimum=1, unit="seconds")
# The delivery-report webhook answers only at /notices/report/<secret>/ and, when
# set, only to these addresses (the provider's documented sending addresses).
NOTICE_WEBHOOK_SECRET = os.environ.get("NOTICE_WEBHOOK_SECRET", "")
NOTICE_WEBHOOK_NETWORKS = env_networks("NOTICE_WEBHOOK_NETWORKS")
# A delivery report only changes a notice once the worker has asked the provider
# for that message's status (council/notices/reports.py); off: at once.
NOTICE_WEBHOOK_CONFIRM = env_bool("PORTAL_NOTICE_WEBHOOK_CONFIRM", False)

# Publishing a meeting with at least this many proposals runs in the worker
# (reports/jobs.py): its PDF takes long enough to hold a gunicorn worker.
RESULT_PUBLISH_IN_WORKER_FROM = env_int("PORTAL_PUBLISH_IN_WORKER_FROM", 60, minimum=1)

# Content-Security-Policy: our own static files only, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, unit="seconds")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Limits for uploaded spreadsheets and meeting materials.
XLSX_MAX_BYTES = 5 * 1024 * 1024
XLSX_MAX_MEMBERS = 200
XLSX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# Data rows one spreadsheet import may hold (facilities, responses).
XLSX_MAX_ROWS = 10_000
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# A zip-based material (.xlsx, .hwpx) may not inflate past this (pictures barely compress).
ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024

# Error pages in Korean (config/errors.py); a failed CSRF check explains itself.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 403 and 404 are everyday events: one line each, never a traceback.
    # The same error again within a minute is counted, not logged (config/logs.py).
    "filters": {
        "client_errors_one_line": {"()": "config.errors.ClientErrorsOneLine"},
        "repeats_once_per_minute": {"()": "config.logs.RepeatsOncePerMinute"},
    },
    # Every line starts with its time and offset: 2026-12-06T19:12:03+0900.
    "formatters": {
        "portal": {"format": logs.FORMAT, "datefmt": logs.DATE_FORMAT},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "filters": ["client_errors_one_line", "repeats_once_per_minute"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "fontTools": {"level": "ERROR"},
    },
}
