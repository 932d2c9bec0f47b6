"""Settings for Dealflow, read from environment variables (every one is listed in .env.example)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-never-use-in-production-9f3c1a7e5b"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Its trigram lookups, for matching names (PostgreSQL only; nothing on SQLite):
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "csp",
    "simple_history",
    "rounds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every change a request makes is recorded with its user (django-simple-history):
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Drop this line and the app when moving to Django 6, which has partials built in:
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# A SQLite file under var/ lets a first run work with nothing but Python.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'dealflow.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner settings of the analysts' pages, pages of a few rows found through indexes,
    # for every query of a connection (big aggregates set their own: rounds/db.py). No
    # parallel workers: a page stops after 50 rows, and starting workers cost more than they
    # saved (a lead investor's page: 42 ms with two workers, 10 ms without, on two busy cores).
    # Random reads priced as on SSDs or cached data (1.1 instead of 4): otherwise PostgreSQL
    # hashes a million rounds to count one investor's deals by year (180 ms instead of 80 ms).
    # Given when connecting, they cost no statement, where SET LOCAL in a transaction of its
    # own was three round trips a page (BEGIN, SET, COMMIT).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1 "
        + _options.get("options", "")
    ).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes of the analysts' pages are PostgreSQL's; SQLite keeps their key columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a user's permissions in one query instead of two:
    "rounds.auth.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "rounds:deal-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production defaults are the secure ones; plain-http setups (docker compose on a laptop) opt out.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx sends the token from <body hx-headers>.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): our own scripts, styles, images and fonts only; no inline
# script or style, no eval, no CDN, no framing, forms post only to us. The admin needs no exemption
# (tests/browser/test_hostile_article.py opens its pages and counts violations).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the empty favicon of base.html and the admin's inline SVG icons:
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# One cache for every process (the API's throttles count calls per token across gunicorn's
# workers; the league table's results): Redis when CACHE_URL is set, else this process's memory.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# The read-only API (rounds/api/): a token or a session, the viewer's permissions, JSON only (the
# browsable API's inline scripts would break the Content-Security-Policy).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a call without credentials is answered 401 with "WWW-Authenticate: Bearer":
        "rounds.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rounds.api.permissions.CanView"],
    "DEFAULT_THROTTLE_CLASSES": ["rounds.api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["rounds.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "rounds.api.schema.ApiSchema",
}
# Calls a minute per token (or per signed-in session), in the shared cache:
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
if not re.fullmatch(r"[1-9]\d*/(s|sec|min|m|hour|h|day|d)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE must be calls per period, like 120/min, not {API_THROTTLE_RATE!r}"
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "Dealflow API",
    "DESCRIPTION": "Read-only access to the funding rounds, companies, investors and sectors.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # The choices are listed as an enum already; the docs page shows them once:
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}

# Request sizes: form fields (pasted text is at most 200,000 characters, under 1 MB) and the
# point past which an upload goes to a temporary file. ingest.MAX_FILE_BYTES caps uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked for AXES_COOLOFF_MINUTES (a cool-off, not "until reset"). The
# pair, not the address alone: behind a proxy every user shares the proxy's address, and one
# person's typos must not lock everyone out. The admin's login goes through the same backend.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every start and every failed login at INFO; lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Celery: without a broker, tasks run in-process so the app works with nothing but Python.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# At-least-once delivery: a task whose worker dies is redelivered, so every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker takes a task only when a process is free, so a killed worker held only what it ran:
CELERY_WORKER_DISABLE_PREFETCH = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 90)
# Redis gives the message of a worker that died to another after this long. It is only the
# last resort: a restarted worker sends at once what it held, and beat's sweeper sends again,
# within a minute, what a dead worker held (rounds/tasks.py). It must stay above the longest
# retry countdown (INGEST_RETRY_MAX_SECONDS), or a waiting retry is delivered twice.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for tasks whose worker died (interval x throttle seconds):
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
    # A broker that is down fails a publish in seconds instead of hanging the request:
    "socket_connect_timeout": 5,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A queue of its own lets a test run or a second deployment share one Redis.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {"task": "rounds.tasks.poll_due_feeds", "schedule": 60.0},
    # Sends again what may be lost: a publish that failed or never happened, a dead worker's:
    "send-waiting-articles": {
        "task": "rounds.tasks.send_waiting_articles",
        "schedule": 15.0,
    },
    # Saved searches' e-mail digests (rounds/watchlists/digests.py); a run repeated sends nothing:
    "send-instant-digests": {
        "task": "rounds.tasks.send_digests",
        "schedule": 60.0,
        "kwargs": {"frequency": "instant"},
    },
    "send-daily-digests": {
        "task": "rounds.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "kwargs": {"frequency": "daily"},
    },
}

# E-mail (saved searches' digests). SITE_URL makes the links in a mail absolute.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dealflow@localhost")

# Fetching articles and feeds (rounds/ingestion/fetching.py). Loopback stays refused outside tests.
FETCH_ALLOW_LOOPBACK = env_bool("FETCH_ALLOW_LOOPBACK", False)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5_000_000)
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 20)
# Network errors are retried after base x 2^n seconds (with jitter), capped; the cap must stay
# below CELERY_VISIBILITY_TIMEOUT or a waiting retry is delivered twice.
INGEST_RETRY_BASE_SECONDS = env_int("INGEST_RETRY_BASE_SECONDS", 30)
INGEST_RETRY_MAX_SECONDS = env_int("INGEST_RETRY_MAX_SECONDS", 600)
# Which extractor reads articles: the rules (offline, the default), a language model with an
# OpenAI-compatible chat-completions API, or both (rounds/ingestion/language_model.py).
EXTRACTOR = os.environ.get("EXTRACTOR", "rules")
if EXTRACTOR not in ("rules", "llm", "both"):
    raise ImproperlyConfigured("EXTRACTOR must be rules, llm or both.")
LLM_BASE_URL = os.environ.get("LLM_BASE_URL", "")
LLM_MODEL = os.environ.get("LLM_MODEL", "")
LLM_API_KEY = os.environ.get("LLM_API_KEY", "")
LLM_TIMEOUT_SECONDS = env_int("LLM_TIMEOUT_SECONDS", 120)
LLM_MAX_TOKENS_PER_DAY = env_int("LLM_MAX_TOKENS_PER_DAY", 2_000_000)
if EXTRACTOR != "rules" and not (LLM_BASE_URL and LLM_MODEL):
    raise ImproperlyConfigured(
        f"EXTRACTOR={EXTRACTOR} needs LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1) and "
        "LLM_MODEL."
    )
# Most feeds one installation polls (rounds/ingestion/pipeline.py add_feed refuses more).
FEEDS_MAX = env_int("FEEDS_MAX", 200)
