"""Zhirao settings: one module, every value from the environment (see config/env.py for each variable's meaning)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.env import cache_settings, value
from config.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent
# The law texts and the case-file contract live beside the repository, shared by every checkout.
SHARED_DIR = BASE_DIR.parent / "shared"
LAW_DIR = SHARED_DIR / "law"

DEBUG = value("DJANGO_DEBUG")
SECRET_KEY = value("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = value("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = value("DJANGO_CSRF_TRUSTED_ORIGINS")

DATA_DIR = BASE_DIR / value("ZHIRAO_DATA_DIR")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "complaints",
    "guidance",
]

MIDDLEWARE = [
    # First: one structured line per request, with its id and duration (complaints.request_log).
    "complaints.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The guide's answers in an encrypted cookie (guidance.guide_state); outside authentication, so that logging out
    # (also when a session times out) clears them.
    "guidance.guide_state.GuideStateMiddleware",
    "complaints.language_middleware.ChineseFirstLocaleMiddleware",  # Chinese unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a session verified once an authenticator code was accepted (complaints.second_factor).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication (and htmx): a one-time password set by a clinic admin opens only the page
    # that replaces it.
    "complaints.middleware.PasswordChangeRequiredMiddleware",
    # Staff and /admin/: a TOTP code (or a recovery code) before any page but enrolment and verification.
    "complaints.second_factor.SecondFactorRequiredMiddleware",
    # Staff sessions end after a working day and after 30 idle minutes; borrowers' end with the browser
    # unless they chose "remember this phone" (complaints.sessions).
    "complaints.sessions.SessionLifetimeMiddleware",
    # Pages behind a log-in show personal data: no browser or proxy may keep a copy.
    "complaints.middleware.NoStoreForSignedInMiddleware",
    # Last: turns a lock-out flagged during authentication into our 429 page (complaints.login_guard).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "complaints.context_processors.help_clinic",
            ],
        },
    }
]

# Each process keeps its connection for a minute (no connect per request), checked before reuse so a database
# that restarted or failed over costs one reconnect, not an error page (on PostgreSQL only after a second idle:
# config.postgresql says why).
DATABASES = {
    "default": dj_database_url.parse(value("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
    if value("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "db.sqlite3"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    # Every query here is a short OLTP read or write of a few index ranges. PostgreSQL's JIT compiles any plan whose
    # estimated cost passes jit_above_cost, and compiling takes longer than running such a query (issue 16: a count
    # over the cases naming a collector took 167-497 ms with JIT on), so it is off for the app's connections only.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if not value("DATABASE_URL"):
    # The embedded database's folder, so `manage.py migrate` works in a fresh checkout without `make`.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
# Throttles and short-lived counts live in the cache: with several app servers it must be one shared Redis,
# or each server would count on its own (docs/DEPLOY.md).
CACHES = cache_settings(value("ZHIRAO_CACHE_URL"))
# Django's database sessions (same table, data and expiry), read and written without the ORM's overhead: the guide
# reads the session on every screen and writes it on every answer (complaints/session_store.py says why not cached_db).
SESSION_ENGINE = "complaints.session_store"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "complaints.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Password guessing (django-axes, see complaints.login_guard): after AXES_FAILURE_LIMIT wrong passwords,
# recovery codes or claim codes against one account, that account is refused for AXES_COOLOFF_TIME,
# from every address; a clinic admin (or a superuser in /admin/) can lift it sooner.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per account, and per (account, client address) pair; never per address alone: one address is often a
# whole clinic's office or a mobile carrier's NAT, and failures there must not lock everyone behind it out.
# Under axes 8.3's one AXES_FAILURE_LIMIT the pair locks nothing the account lock does not; it is listed so
# the counts also exist per address for the account (and axes' own check, axes.W006, which wants the address
# among the parameters, stays satisfied without being silenced). No higher per-address limit: axes 8.3
# cannot give one parameter a limit of its own (docs/SECURITY.md, "What is not done yet").
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "complaints.login_guard.axes_username"
AXES_LOCKOUT_CALLABLE = "complaints.login_guard.lockout_response"
# Successful log-ins are not kept (the audit log and the session say enough); failures are what axes counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "complaints.login_guard.client_address"
# Axes' rows (failed attempts, and its logs if ever switched on) hold log-in names and client addresses:
# `python manage.py retention_purge`, run hourly by cron or a systemd timer (docs/DEPLOY.md), deletes those older
# than this. A day: far past the cool-off, so no lock-out still running is forgotten.
LOGIN_RECORDS_KEEP = timedelta(hours=value("ZHIRAO_RETENTION_LOGIN_RECORDS_HOURS"))
# Behind the reverse proxy, the client is the address the proxy appended last to X-Forwarded-For.
CLIENT_ADDRESS_FROM_PROXY = value("DJANGO_BEHIND_PROXY")

# Staff and administrators need a second factor, a TOTP authenticator app (complaints.second_factor).
# Only the test suite switches it off, for the tests that are not about it.
STAFF_SECOND_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "止扰 Zhirao"

# Session lifetimes (complaints.sessions): staff work on many people's cases, often on shared desks.
STAFF_SESSION_MAX_AGE = 9 * 60 * 60  # a working day, from log-in
STAFF_SESSION_IDLE = 30 * 60  # idle minutes before a staff session ends
BORROWER_REMEMBER_AGE = 30 * 24 * 60 * 60  # "remember this phone"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "complaints.password_validation.MinimumLengthValidator"},
    # Staff reach many people's cases: their passwords are longer (complaints.password_validation).
    {"NAME": "complaints.password_validation.StaffMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# Evidence is never served from a public URL (there is no MEDIA_URL route): downloads go through
# a view that checks access.
MEDIA_ROOT = DATA_DIR / "media"

if value("ZHIRAO_STORAGE") == "s3":
    _default_storage = s3_storage(
        bucket=value("ZHIRAO_S3_BUCKET"), endpoint_url=value("ZHIRAO_S3_ENDPOINT_URL"), region=value("ZHIRAO_S3_REGION"),
        access_key=value("ZHIRAO_S3_ACCESS_KEY_ID"), secret_key=value("ZHIRAO_S3_SECRET_ACCESS_KEY"),
    )
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
if value("ZHIRAO_ENCRYPTION_KEYS"):
    # Evidence and letters encrypted at rest around whichever storage keeps them (complaints.storage_crypto);
    # the keys are parsed when the storage is first used.
    _default_storage = {
        "BACKEND": "complaints.storage_crypto.EncryptedStorage",
        "OPTIONS": {"inner": _default_storage, "keys": value("ZHIRAO_ENCRYPTION_KEYS")},
    }
# Backups (`manage.py backup` / `restore`, complaints.services.backup) are sealed with AES-256-GCM under the
# first of these keys (the storage keys' `id:base64` format; all listed decrypt). Their own keys, not the
# storage's: a backup lives off the machine and longer than a storage key. Without one, `backup` refuses to
# write unless given --unencrypted. Parsed when a backup is written or restored, not at start-up.
BACKUP_KEYS = value("ZHIRAO_BACKUP_KEYS")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if value("DJANGO_STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads stream to a temporary file instead of memory past this size (files are hashed while streaming).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
EVIDENCE_MAX_FILE_BYTES = value("ZHIRAO_EVIDENCE_MAX_FILE_MB") * 1024 * 1024
EVIDENCE_MAX_CASE_BYTES = value("ZHIRAO_EVIDENCE_MAX_CASE_MB") * 1024 * 1024
# Images are refused past this many pixels, read from the header before anything is decoded (50 MP: any
# phone's photo or screenshot at its usual setting). JPEG is decoded reduced and PNG checked chunk by
# chunk; formats Pillow can only decode whole (WebP, HEIF) are accepted and previewed up to
# EVIDENCE_MAX_DECODED_PIXELS (7 MP, 28 MB as RGBA), so an upload's peak memory stays bounded.
EVIDENCE_MAX_IMAGE_PIXELS = 50_000_000
# Links for third parties to upload evidence to a borrower's case (complaints.services.third_party): how long a
# borrower may choose to keep one open (days; the longest bounds how long a forwarded link stays a way in), how many
# files and bytes one link takes in all, and how many uploads (POSTs) per hour one link and one client address may send.
THIRD_PARTY_LINK_DAYS = (1, 3, 7, 14)
THIRD_PARTY_LINK_MAX_FILES = 20
THIRD_PARTY_LINK_MAX_BYTES = 200 * 1024 * 1024
THIRD_PARTY_POSTS_PER_HOUR_PER_LINK = 30
THIRD_PARTY_POSTS_PER_HOUR_PER_ADDRESS = 60
EVIDENCE_MAX_DECODED_PIXELS = 7_000_000
# Check-ins (complaints.check_ins): a step with a legal answer period is asked about when the period ends (the
# ladder's waits); one without is asked about after this practical interval; a "stopped" answer is asked again later.
CHECK_IN_PRACTICAL_DAYS = value("ZHIRAO_CHECK_IN_PRACTICAL_DAYS")
CHECK_IN_AGAIN_DAYS = value("ZHIRAO_CHECK_IN_AGAIN_DAYS")

# Screenshot reading (complaints.ocr): uploaded screenshots are read by the background task and their messages
# proposed for the log; off, screenshots are stored as evidence only.
OCR_ENABLED = value("ZHIRAO_OCR")

# Retention of what is transient (complaints.services.retention, `manage.py retention_purge` hourly): never a
# borrower's case, evidence, log or letters, which are hers to delete.
RETENTION_JOBS = timedelta(days=value("ZHIRAO_RETENTION_JOBS_DAYS"))
RETENTION_UPLOAD_LINKS = timedelta(days=value("ZHIRAO_RETENTION_UPLOAD_LINKS_DAYS"))
RETENTION_DISCARDED_PROPOSALS = timedelta(days=value("ZHIRAO_RETENTION_DISCARDED_PROPOSALS_DAYS"))
RETENTION_TASK_RESULTS = timedelta(days=value("ZHIRAO_RETENTION_TASK_RESULTS_DAYS"))

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if value("ZHIRAO_TASKS_BACKEND") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Security headers. DJANGO_SECURE switches on everything that needs HTTPS.
_secure = value("DJANGO_SECURE")
SECURE_SSL_REDIRECT = _secure
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
LANGUAGE_COOKIE_SECURE = _secure
SECURE_HSTS_SECONDS = 31_536_000 if _secure else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = _secure
if value("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "complaints.views.pages.csrf_failure"

# No inline script or style anywhere: htmx is configured through a <meta> tag and behaviour
# is attached from static files through data- attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One readable line, or one JSON object, a line (ZHIRAO_LOG_FORMAT); either way no personal data
# (complaints.log_privacy) and the request id on every line written while serving a request.
_log_formatter = "json" if value("ZHIRAO_LOG_FORMAT") == "json" else "private"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # No personal data in logs: the exception's class and frames, never its message (complaints.log_privacy).
        "private": {"()": "complaints.log_privacy.PrivateFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "complaints.log_privacy.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": _log_formatter},
        "errors": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": _log_formatter, "level": "ERROR"},
    },
    "loggers": {
        # 500s and refused hosts, logged whatever DEBUG says (Django's own handler only logs with DEBUG on).
        "django.request": {"handlers": ["errors"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["errors"], "level": "ERROR", "propagate": False},
        # The app's own: requests (zhirao.request), PDF renders (zhirao.pdf), stored files (zhirao.storage),
        # background tasks (zhirao.tasks) and start-up (zhirao.startup).
        "zhirao": {"handlers": ["console"], "level": value("ZHIRAO_LOG_LEVEL"), "propagate": False},
        # The task worker's own lines say which task ran and how it ended, never its arguments' values.
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every refused URL at warning level; that is the fetcher doing its job.
        "weasyprint": {"handlers": ["console"], "level": "ERROR"},
    },
}
