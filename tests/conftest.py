import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files and generated PDFs of a test go to its own temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests hash many passwords and recovery codes; the slow production hasher proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: an upload-link throttle count of an earlier test would otherwise count
    against a link that, on SQLite, reuses the earlier test's ids."""
    cache.clear()


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Staff need a TOTP code in production; tests about other things log staff in with force_login alone.
    tests/integration/test_security_second_factor.py switches it back on and tests it."""
    settings.STAFF_SECOND_FACTOR_REQUIRED = False


@pytest.fixture(scope="session")
def s3_server():
    """One S3-compatible server for the whole run (bench/cluster.py); each test takes its own bucket."""
    from bench.cluster import S3Server

    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings):
    """Evidence and letters of this test go to a fresh private bucket on the S3 server, through django-storages."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_settings(bucket)}
    return bucket
