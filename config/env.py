"""Every setting Zhirao reads from the environment, typed and explained in one place.

`config/settings.py` reads values only through `value()`, `python manage.py envhelp`
prints this table, and a test checks that README.md, `.env.example` and
`.env.production.example` name every variable, so the documentation cannot drift.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    kind: type  # bool, int, str or list (comma-separated)
    default: object
    help: str
    production: str  # the value (or placeholder) a production deployment sets


VARIABLES = (
    Variable("DJANGO_DEBUG", bool, False, "Show tracebacks and serve static files from the source tree. Never on in production.", "false"),
    Variable("DJANGO_SECRET_KEY", str, "insecure-local-only-key-change-me-0123456789-abcdefghijklmnop", "Signs sessions, CSRF tokens and claim codes, and seals the cookie holding a visitor's guide answers: the same on every app server. At least 50 random characters in production.", "<50+ random characters>"),
    Variable("DJANGO_ALLOWED_HOSTS", list, ["127.0.0.1", "localhost", "testserver"], "Host names this site answers to, comma-separated.", "zhirao.example.org"),
    Variable("DJANGO_CSRF_TRUSTED_ORIGINS", list, [], "Origins allowed to POST forms, comma-separated, with scheme.", "https://zhirao.example.org"),
    Variable("DATABASE_URL", str, "", "Database as a URL (postgres://user:pass@host:5432/name). Empty: the embedded SQLite file var/db.sqlite3.", "postgres://zhirao:<password>@db.internal:5432/zhirao"),
    Variable("DJANGO_SECURE", bool, False, "Serve only over HTTPS: redirect http to https, secure cookies, HSTS for a year with preload.", "true"),
    Variable("DJANGO_BEHIND_PROXY", bool, False, "Trust the X-Forwarded-Proto header from the reverse proxy in front of the app.", "true"),
    Variable("DJANGO_STATIC_MANIFEST", bool, False, "Serve collected static files with content-hashed names (needs `collectstatic`).", "true"),
    Variable("ZHIRAO_DATA_DIR", str, "var", "Where the embedded database, uploaded evidence and collected static files live (relative to the project).", "/srv/zhirao/var"),
    Variable("ZHIRAO_STORAGE", str, "local", "Where evidence files and letters are kept: `local` (ZHIRAO_DATA_DIR/media) or `s3` (any S3-compatible object store).", "s3"),
    Variable("ZHIRAO_S3_BUCKET", str, "", "Bucket for evidence and letters when ZHIRAO_STORAGE=s3.", "zhirao-evidence"),
    Variable("ZHIRAO_S3_ENDPOINT_URL", str, "", "Endpoint of the S3-compatible store (empty for AWS).", "https://s3.example-cloud.cn"),
    Variable("ZHIRAO_S3_REGION", str, "", "Region of the bucket.", "cn-north-1"),
    Variable("ZHIRAO_S3_ACCESS_KEY_ID", str, "", "Access key for the bucket.", "<access key id>"),
    Variable("ZHIRAO_S3_SECRET_ACCESS_KEY", str, "", "Secret key for the bucket.", "<secret access key>"),
    Variable("ZHIRAO_EVIDENCE_MAX_FILE_MB", int, 50, "Largest evidence file accepted, in megabytes.", "50"),
    Variable("ZHIRAO_EVIDENCE_MAX_CASE_MB", int, 1024, "Most evidence one case may hold, in megabytes.", "1024"),
    Variable("ZHIRAO_ENCRYPTION_KEYS", str, "", "Optional: encrypt stored evidence and letters (AES-256-GCM). Comma-separated `id:base64` keys of 32 random bytes; the first encrypts, all decrypt. Rotate with `manage.py storage_reencrypt` (docs/SECURITY.md).", ""),
    Variable("ZHIRAO_BACKUP_KEYS", str, "", "Encrypt backups (`manage.py backup`, AES-256-GCM): comma-separated `id:base64` keys of 32 random bytes, not the storage keys; the first encrypts, all decrypt (keep an old key listed while backups written with it are kept). Without one, `backup` refuses unless given --unencrypted (docs/SECURITY.md).", "backup-2026:<base64 of 32 random bytes>"),
    Variable("ZHIRAO_CHECK_IN_PRACTICAL_DAYS", int, 7, "Days after a step with no legal answer period (e.g. the letter to the collector) before the case asks whether the harassment stopped: a practical interval (post arrives, a week of contacts shows), not a law.", "7"),
    Variable("ZHIRAO_CHECK_IN_AGAIN_DAYS", int, 30, "Days after the borrower reported that the harassment stopped before the case asks again.", "30"),
    Variable("ZHIRAO_TASKS_BACKEND", str, "immediate", "How background work runs: `immediate` (in the request, for local use and tests) or `database` (queued; run `python manage.py db_worker`).", "database"),
    Variable("ZHIRAO_RETENTION_JOBS_DAYS", int, 1, "Days a finished background job (its progress page and the file it made: a merged mailing-day PDF, a ZIP of letters) is kept before `manage.py retention_purge` removes it. The letters themselves stay with their case.", "1"),
    Variable("ZHIRAO_RETENTION_LOGIN_RECORDS_HOURS", int, 24, "Hours failed log-in records (log-in names, client addresses) are kept: far past the 15-minute lock-out, so no lock-out still running is forgotten.", "24"),
    Variable("ZHIRAO_RETENTION_UPLOAD_LINKS_DAYS", int, 30, "Days after a third-party upload link expired or was withdrawn before the files sent through it that the borrower never accepted are deleted, and the link with them when nothing of it was accepted.", "30"),
    Variable("ZHIRAO_RETENTION_DISCARDED_PROPOSALS_DAYS", int, 30, "Days a message read from a screenshot that the borrower discarded is kept (its text never entered her log) before it is deleted.", "30"),
    Variable("ZHIRAO_RETENTION_TASK_RESULTS_DAYS", int, 7, "Days the task queue's records of finished background tasks (ids and errors, for the administrator) are kept.", "7"),
    Variable("ZHIRAO_CACHE_URL", str, "", "Cache shared by every app server (upload-link throttles): `redis://host:6379/N`. Empty: each process keeps its own in memory, right for one process (`make run`), wrong for several app servers, whose throttles would each count apart.", "redis://cache.internal:6379/1"),
    Variable("ZHIRAO_OCR", bool, False, "Read uploaded screenshots with the offline OCR engine (rapidocr-onnxruntime, installed by requirements.txt) and propose log entries for the borrower to confirm. Off: screenshots are stored as evidence only.", "true"),
    Variable("ZHIRAO_LOG_LEVEL", str, "INFO", "Log level of the app's own loggers.", "INFO"),
    Variable("ZHIRAO_LOG_FORMAT", str, "text", "How the app logs: `text` (one readable line, for a terminal) or `json` (one JSON object a line: request id, role, status, duration; never personal data).", "json"),
    Variable("ZHIRAO_WEB_BIND", str, "127.0.0.1:8000", "Where gunicorn listens (config/gunicorn.conf.py): host:port, or unix:/path for a socket.", "127.0.0.1:8000"),
    Variable("ZHIRAO_WEB_WORKERS", int, 0, "gunicorn worker processes; 0: one per CPU core plus one.", "0"),
    Variable("ZHIRAO_WEB_TIMEOUT", int, 30, "Seconds gunicorn lets one request run before it restarts the worker (long work runs as background tasks).", "30"),
)

_BY_NAME = {variable.name: variable for variable in VARIABLES}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class InvalidSetting(ValueError):
    """A variable is set to something its type cannot hold."""


def parse(variable: Variable, raw: str):
    if variable.kind is bool:
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise InvalidSetting(f"{variable.name} must be true or false, not {raw!r}")
    if variable.kind is int:
        try:
            return int(raw)
        except ValueError:
            raise InvalidSetting(f"{variable.name} must be a whole number, not {raw!r}") from None
    if variable.kind is list:
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def value(name: str, environ=os.environ):
    variable = _BY_NAME[name]
    raw = environ.get(name)
    if raw is None:
        return variable.default
    return parse(variable, raw)


def cache_settings(url: str) -> dict:
    """Django's CACHES for ZHIRAO_CACHE_URL: Redis for a `redis://`/`rediss://` URL, else per-process memory."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if url.split("://", 1)[0] not in ("redis", "rediss"):
        raise InvalidSetting(f"ZHIRAO_CACHE_URL must be a redis:// or rediss:// URL, not {url!r}")
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                        "KEY_PREFIX": "zhirao"}}


def describe_default(variable: Variable) -> str:
    if variable.kind is list:
        return ",".join(variable.default)
    if variable.kind is bool:
        return "true" if variable.default else "false"
    return str(variable.default)
