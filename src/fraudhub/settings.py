"""One settings module, configured by environment variables with safe local defaults."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
# deploy/fraudhub.env.example's secrets are "change-me-..." placeholders, published with
# the code: production refuses them as it refuses the development key.
EXAMPLE_SECRET_PREFIX = "change-me"  # noqa: S105
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or SECRET_KEY.startswith(EXAMPLE_SECRET_PREFIX)):
    raise ImproperlyConfigured(
        "Set SECRET_KEY: production refuses to start with the development key or the "
        "example file's placeholder."
    )

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many reverse proxies stand in front of the site (0: none). Only then is the client's
# address read from X-Forwarded-For (the entry that many from the right, which the nearest
# trusted proxy wrote) and HTTPS from X-Forwarded-Proto; with 0 both headers are ignored,
# so nobody can forge them.
FRAUDHUB_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

INSTALLED_APPS = [
    "fraudhub.accounts.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "fraudhub",
    "fraudhub.governance",
    "fraudhub.accounts",
    "fraudhub.reports",
    "fraudhub.intake",
    "fraudhub.casework",
    "fraudhub.linking",
    "fraudhub.insight",
    "fraudhub.prevention",
    "fraudhub.rights",
    "fraudhub.operations",
]

MIDDLEWARE = [
    # Health checks and metrics first (no Host check, HTTPS redirect or session), then the
    # request's id, log line and timing around everything else.
    "fraudhub.operations.health.OperatorsFirstMiddleware",
    "fraudhub.operations.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fraudhub.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fraudhub.accounts.middleware.RequireSecondFactorMiddleware",
    "fraudhub.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fraudhub.urls"
WSGI_APPLICATION = "fraudhub.wsgi.application"

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
                "fraudhub.context_processors.service",
                "fraudhub.context_processors.staff",
                "fraudhub.context_processors.agreement_reviews",
                "fraudhub.accounts.context_processors.session_time",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: at least 12 characters, not a common one, not like the username; never
# expiring (forced changes make people choose weaker ones). Argon2 hashes them; older
# hashes are upgraded at the next sign-in.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in attempts (django-axes): 10 failures of the password or the code, for one
# account or from one address, lock it for 15 minutes after the last of them.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "fraudhub.accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "fraudhub.accounts.views.locked_out"
AXES_VERBOSE = False  # the log names no username or address
# Second factor: codes from an authenticator app, named after the service in the app.
OTP_TOTP_ISSUER = "Fraud Hub"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]

# GOV.UK Frontend's stylesheet asks for its fonts and images under /assets/.
STATIC_URL = "/assets/"
# In development the files are found where they live; a deployment collects them here.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or (None if DEBUG else PROJECT_DIR / "staticfiles")
FRONTEND_DIR = Path(os.environ.get("FRONTEND_DIR", PROJECT_DIR / "frontend"))
GOVUK_FRONTEND_DIST = FRONTEND_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
NODE_MODULES = FRONTEND_DIR / "node_modules"
# Front-end libraries served from where npm put them: {% static "vendor/leaflet/leaflet.js" %}.
_ASSET_DIRS = {
    "govuk": GOVUK_FRONTEND_DIST,
    "vendor/leaflet": NODE_MODULES / "leaflet" / "dist",
    "vendor/cytoscape": NODE_MODULES / "cytoscape" / "dist",
    "vendor/vega": NODE_MODULES / "vega" / "build",
    "vendor/vega-lite": NODE_MODULES / "vega-lite" / "build",
    "vendor/vega-embed": NODE_MODULES / "vega-embed" / "build",
}
STATICFILES_DIRS = [(prefix, path) for prefix, path in _ASSET_DIRS.items() if path.exists()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Fraud Hub <no-reply@fraudhub.example>")
# Text messages (fraudhub/sms.py): the console by default, for local use and the demo.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "fraudhub.sms.ConsoleBackend")
# GOV.UK Notify (fraudhub/notify.py), when EMAIL_BACKEND is fraudhub.notify.EmailBackend or
# SMS_BACKEND fraudhub.notify.SmsBackend: the API key, and the ids of the email and text
# templates, each with the placeholders ((subject)) and ((body)) (a text: ((body)) only).
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_API_URL = os.environ.get("NOTIFY_API_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")
# The local email backend (fraudhub.mail_folder.EmailBackend) writes one .eml a message here.
FRAUDHUB_MAIL_FOLDER = Path(os.environ.get("FRAUDHUB_MAIL_FOLDER", PROJECT_DIR / "var" / "mail"))
# Scam alerts to subscribers (prevention/services/sending.py): the email backend they go
# through (empty: EMAIL_BACKEND), messages a second at most (0: no limit), how many a
# worker claims at once, tries before a message counts as failed, the wait after the first
# failed try (doubled after each), how long a claim holds before another run may take it
# up, and how long a link to confirm a subscription works.
FRAUDHUB_ALERTS_EMAIL_BACKEND = os.environ.get("FRAUDHUB_ALERTS_EMAIL_BACKEND", "")
FRAUDHUB_ALERTS_PER_SECOND = float(os.environ.get("FRAUDHUB_ALERTS_PER_SECOND", "20"))
FRAUDHUB_ALERTS_BATCH = int(os.environ.get("FRAUDHUB_ALERTS_BATCH", "100"))
FRAUDHUB_ALERTS_ATTEMPTS = int(os.environ.get("FRAUDHUB_ALERTS_ATTEMPTS", "5"))
FRAUDHUB_ALERTS_RETRY_SECONDS = int(os.environ.get("FRAUDHUB_ALERTS_RETRY_SECONDS", "60"))
FRAUDHUB_ALERTS_LEASE_SECONDS = int(os.environ.get("FRAUDHUB_ALERTS_LEASE_SECONDS", "300"))
FRAUDHUB_ALERTS_CONFIRM_DAYS = int(os.environ.get("FRAUDHUB_ALERTS_CONFIRM_DAYS", "7"))

# A resident's unfinished report is kept a day (a shared device should not hold it longer;
# the journey's pages offer to delete it at once); staff sessions end sooner.
SESSION_COOKIE_AGE = 60 * 60 * 24
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    # Cookies only this host may set, sent only over HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"
# A signed-in session ends after 30 minutes without a request, and 12 hours after sign-in
# in any case; staff pages warn 2 minutes before the first.
FRAUDHUB_SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
FRAUDHUB_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60))
)
FRAUDHUB_SESSION_WARNING_SECONDS = 2 * 60

# HTTPS in production: redirect plain HTTP, and tell browsers for a year to use nothing
# else, on subdomains too. Behind a proxy that ends TLS, set TRUSTED_PROXIES so the
# proxy's X-Forwarded-Proto says the request was HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if FRAUDHUB_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: scripts, stylesheets, fonts and data from this site only; no
# inline script, no plugins, no <base>, no framing. Map tiles may come from the configured
# server.

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (imports) runs through Django's tasks framework; the database backend
# needs no extra server: `fraudhub db_worker` runs the queue.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fraudhub.accounts.api_auth.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["fraudhub.accounts.api_auth.SignedInThrottle"],
    # Requests a minute for each signed-in system; every API route needs a token, so a
    # request without one is refused before any throttle. A bad token counts against the
    # address it came from, and after 10 in 10 minutes that address is refused (429) even
    # with a good one.
    "DEFAULT_THROTTLE_RATES": {"user": "600/min", "bad_token": "10/10min"},
    "NUM_PROXIES": FRAUDHUB_TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fraud Hub partner API",
    "DESCRIPTION": "Partners send referrals and read the reports they may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# The TAXII feed (docs/api.md) carries an identifier once this many reports name it.
FRAUDHUB_TAXII_MIN_REPORTS = int(os.environ.get("FRAUDHUB_TAXII_MIN_REPORTS", "1"))

FRAUDHUB_SERVICE_NAME = os.environ.get("FRAUDHUB_SERVICE_NAME", "Report a scam")
FRAUDHUB_AREA_NAME = os.environ.get("FRAUDHUB_AREA_NAME", "Hertfordshire")
# The hub's own details, shown to residents on the pages, the banner, emails and letters.
# The demo phone number is one Ofcom keeps for drama (01632 960xxx): it never rings anyone.
# Set every one of these for a real hub.
FRAUDHUB_HUB_NAME = os.environ.get("FRAUDHUB_HUB_NAME", f"{FRAUDHUB_AREA_NAME} Fraud Hub")
FRAUDHUB_HUB_PHONE = os.environ.get("FRAUDHUB_HUB_PHONE", "01632 960 001")
FRAUDHUB_HUB_HOURS = os.environ.get("FRAUDHUB_HUB_HOURS", "Monday to Friday, 9am to 5pm")
FRAUDHUB_HUB_ADDRESS = os.environ.get(
    "FRAUDHUB_HUB_ADDRESS", "Fraud Hub, 1 Example Road, Hertford, SG13 0XX"
)
FRAUDHUB_HUB_EMAIL = os.environ.get("FRAUDHUB_HUB_EMAIL", "help@fraudhub.example")
# The privacy notice's facts: the data controller (the legal body responsible, such as a
# chief constable or a council, not the hub's everyday name), its address, its number in
# the Information Commissioner's register, and how to reach its data protection officer.
FRAUDHUB_CONTROLLER_NAME = os.environ.get("FRAUDHUB_CONTROLLER_NAME", FRAUDHUB_HUB_NAME)
FRAUDHUB_CONTROLLER_ADDRESS = os.environ.get("FRAUDHUB_CONTROLLER_ADDRESS", FRAUDHUB_HUB_ADDRESS)
FRAUDHUB_ICO_REGISTRATION = os.environ.get("FRAUDHUB_ICO_REGISTRATION", "")
FRAUDHUB_DPO_EMAIL = os.environ.get("FRAUDHUB_DPO_EMAIL", "dpo@fraudhub.example")
# The accessibility statement: "full", "partial" or "none" compliance with WCAG 2.2 AA,
# when the statement was prepared and last reviewed (YYYY-MM-DD).
FRAUDHUB_ACCESSIBILITY_STATUS = os.environ.get("FRAUDHUB_ACCESSIBILITY_STATUS", "partial")
FRAUDHUB_ACCESSIBILITY_PREPARED_ON = os.environ.get(
    "FRAUDHUB_ACCESSIBILITY_PREPARED_ON", "2026-12-06"
)
FRAUDHUB_ACCESSIBILITY_REVIEWED_ON = os.environ.get(
    "FRAUDHUB_ACCESSIBILITY_REVIEWED_ON", FRAUDHUB_ACCESSIBILITY_PREPARED_ON
)
# Where the hub's staff are told at once of a new level 1 case (empty: nobody is emailed).
FRAUDHUB_DUTY_EMAIL = os.environ.get("FRAUDHUB_DUTY_EMAIL", "duty@fraudhub.example")
# Base map tiles for the analysts' map, like https://tile.example/{z}/{x}/{y}.png; empty
# (the default) draws the figures on a plain background, with nothing fetched.
FRAUDHUB_MAP_TILE_URL = os.environ.get("FRAUDHUB_MAP_TILE_URL", "")
FRAUDHUB_MAP_TILE_ATTRIBUTION = os.environ.get("FRAUDHUB_MAP_TILE_ATTRIBUTION", "")
# The audit log's daily checkpoint (docs/guides/data-protection.md): a file to add it to
# (best on storage the database's administrators cannot rewrite) and/or an address to send
# it to, at this hour (UTC).
FRAUDHUB_AUDIT_CHECKPOINT_FILE = os.environ.get("FRAUDHUB_AUDIT_CHECKPOINT_FILE", "")
FRAUDHUB_AUDIT_CHECKPOINT_EMAIL = os.environ.get("FRAUDHUB_AUDIT_CHECKPOINT_EMAIL", "")
FRAUDHUB_AUDIT_CHECKPOINT_HOUR = int(os.environ.get("FRAUDHUB_AUDIT_CHECKPOINT_HOUR", "3"))
# The hour (UTC) the retention schedule runs each day, once booked with
# `fraudhub retention-run --schedule` (docs/decisions/0012-retention-and-rights.md).
FRAUDHUB_RETENTION_HOUR = int(os.environ.get("FRAUDHUB_RETENTION_HOUR", "2"))
# The hour (UTC) of the nightly linking run (docs/decisions/0007-people-matching.md).
FRAUDHUB_LINK_HOUR = int(os.environ.get("FRAUDHUB_LINK_HOUR", "2"))
# People matching on Spark: a cluster (spark://host:7077, yarn, k8s://...) or a Spark
# Connect server (sc://host:15002), and the shuffle partitions (empty: this machine's cores).
FRAUDHUB_SPARK_MASTER = os.environ.get("FRAUDHUB_SPARK_MASTER", "local[*]")
FRAUDHUB_SPARK_REMOTE = os.environ.get("SPARK_REMOTE", "")
FRAUDHUB_SPARK_PARTITIONS = os.environ.get("FRAUDHUB_SPARK_PARTITIONS", "")
# "Check before you pay": look-ups one client address may make in an hour before the page
# asks them to wait (docs/guides/prevention.md).
FRAUDHUB_CHECK_LOOKUPS_PER_HOUR = int(os.environ.get("FRAUDHUB_CHECK_LOOKUPS_PER_HOUR", "30"))
# Backups and upgrades (docs/backups.md, docs/upgrades.md): the folder holding pg_dump and
# pg_restore of the server's version (empty: the PATH, then /usr/lib/postgresql/<version>/bin),
# and the estimated rows above which `fraudhub deploy-check` refuses a migration that would
# lock the table for long.
FRAUDHUB_POSTGRES_BIN = os.environ.get("FRAUDHUB_POSTGRES_BIN", "")
FRAUDHUB_LARGE_TABLE_ROWS = int(os.environ.get("FRAUDHUB_LARGE_TABLE_ROWS", "100000"))
# Getting money back: a refund deadline (a route to claim on, or a claim's next date)
# within this many days raises the case on the queue and lists the claim to chase.
REFUND_DEADLINE_NEAR_DAYS = int(os.environ.get("FRAUDHUB_REFUND_DEADLINE_NEAR_DAYS", "14"))


def _origin(url: str) -> list[str]:
    """The scheme and host of a URL template, for the policy ("" when none is set)."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_origin(FRAUDHUB_MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# The cache holds the counts behind the rate limits (tracking, "check before you pay",
# subscribing, the API). Web processes count together only if they share it: in production
# name a database table (CACHE_TABLE, made by `fraudhub createcachetable`, a deployment
# step); without one each process counts alone, in its own memory, which suits one process.
CACHE_TABLE = os.environ.get("CACHE_TABLE", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
        if CACHE_TABLE
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Log lines never carry personal data: references, tracking links, query strings, email
# addresses and phone numbers are masked (fraudhub/log_redaction.py), in Django's request
# and development-server lines too. LOG_FORMAT "json" (the default with DEBUG off) writes
# one JSON object a line with the request's id and the user's id (docs/deployment.md).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured('LOG_FORMAT is "json" or "text".')
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "fraudhub.log_redaction.RedactPersonalData"},
        "request": {"()": "fraudhub.operations.logs.RequestContext"},
    },
    "formatters": {
        "json": {"()": "fraudhub.operations.logs.JsonLines"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact", "request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # at DEBUG it writes a template's whole context (a resident's answers) to the log
        "django.template": {"level": "INFO"},
    },
}

# Running in production (docs/deployment.md). Prometheus metrics at /metrics answer only
# a request with "Authorization: Bearer METRICS_TOKEN" (empty: never; 404 otherwise).
FRAUDHUB_METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
if not DEBUG and FRAUDHUB_METRICS_TOKEN.startswith(EXAMPLE_SECRET_PREFIX):
    raise ImproperlyConfigured(
        "Set METRICS_TOKEN to a long random value (or leave it empty to turn /metrics off): "
        "production refuses the example file's placeholder."
    )
# Where gunicorn's workers keep their counters for /metrics to add up (deploy/gunicorn.conf.py
# sets it; empty: one process counts alone).
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# /readyz/ fails when no worker has run the heartbeat (booked by `fraudhub scheduler` every
# half minute) for this many seconds; 0 leaves the worker out of /readyz/.
FRAUDHUB_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "900"))
# Where `fraudhub scheduler`'s nightly linking run matches people: "duckdb" or "spark".
FRAUDHUB_LINK_ENGINE = os.environ.get("FRAUDHUB_LINK_ENGINE", "duckdb")
