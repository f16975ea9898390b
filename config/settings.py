"""Zhirao settings: one module, every value from the environment (see config/env.py for each variable's meaning)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.env import value

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
    "complaints",
    "guidance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "complaints.language_middleware.ChineseFirstLocaleMiddleware",  # Chinese unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication (and htmx): a one-time password set by a clinic admin opens only the page
    # that replaces it.
    "complaints.middleware.PasswordChangeRequiredMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(value("DATABASE_URL"), conn_max_age=60)
    if value("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "db.sqlite3"}
}
if not value("DATABASE_URL"):
    # The embedded database's folder, so `manage.py migrate` works in a fresh checkout without `make`.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "complaints.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "complaints.password_validation.MinimumLengthValidator"},
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
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": value("ZHIRAO_S3_BUCKET"),
            "endpoint_url": value("ZHIRAO_S3_ENDPOINT_URL") or None,
            "region_name": value("ZHIRAO_S3_REGION") or None,
            "access_key": value("ZHIRAO_S3_ACCESS_KEY_ID"),
            "secret_key": value("ZHIRAO_S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
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
# Check-ins (complaints.check_ins): a step with a legal answer period is asked about when the period ends (the
# ladder's waits); one without is asked about after this practical interval; a "stopped" answer is asked again later.
CHECK_IN_PRACTICAL_DAYS = value("ZHIRAO_CHECK_IN_PRACTICAL_DAYS")
CHECK_IN_AGAIN_DAYS = value("ZHIRAO_CHECK_IN_AGAIN_DAYS")

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "zhirao": {"handlers": ["console"], "level": value("ZHIRAO_LOG_LEVEL")},
        # WeasyPrint reports every refused URL at warning level; that is the fetcher doing its job.
        "weasyprint": {"handlers": ["console"], "level": "ERROR"},
    },
}
