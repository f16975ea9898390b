import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import VARIABLES, InvalidSetting, cache_settings, value

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("document", ["README.md", ".env.example", ".env.production.example"])
def test_every_variable_is_documented(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = [variable.name for variable in VARIABLES if variable.name not in text]
    assert missing == []


def test_values_are_typed():
    assert value("DJANGO_DEBUG", environ={"DJANGO_DEBUG": "yes"}) is True
    assert value("DJANGO_DEBUG", environ={}) is False
    assert value("ZHIRAO_EVIDENCE_MAX_FILE_MB", environ={"ZHIRAO_EVIDENCE_MAX_FILE_MB": "10"}) == 10
    assert value("DJANGO_ALLOWED_HOSTS", environ={"DJANGO_ALLOWED_HOSTS": "a.cn, b.cn,"}) == ["a.cn", "b.cn"]


def test_a_wrong_value_names_the_variable():
    with pytest.raises(InvalidSetting, match="DJANGO_DEBUG must be true or false"):
        value("DJANGO_DEBUG", environ={"DJANGO_DEBUG": "maybe"})
    with pytest.raises(InvalidSetting, match="ZHIRAO_EVIDENCE_MAX_FILE_MB must be a whole number"):
        value("ZHIRAO_EVIDENCE_MAX_FILE_MB", environ={"ZHIRAO_EVIDENCE_MAX_FILE_MB": "lots"})


def _production_environment() -> dict[str, str]:
    environment = {key: val for key, val in os.environ.items() if not key.startswith(("DJANGO_", "ZHIRAO_", "DATABASE_URL"))}
    for line in (ROOT / ".env.production.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, raw = line.partition("=")
            environment[key] = raw
    # The placeholder stands for a real secret; check --deploy judges its length and randomness.
    environment["DJANGO_SECRET_KEY"] = "k9$Fq2!xPz7@Lw3#Nv8^Rt5&Hy1*Bm6(Jc4)Gd0-Ue2+Sa9=Wo3_Qi7Ep1Zr5Xt8"
    return environment


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_environment(), capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_envhelp_prints_every_variable():
    result = subprocess.run([sys.executable, "manage.py", "envhelp"], cwd=ROOT, capture_output=True, text=True, check=True)
    for variable in VARIABLES:
        assert variable.name in result.stdout


def test_without_a_cache_url_each_process_keeps_its_own_cache():
    assert cache_settings("")["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_cache_url_that_is_not_redis_names_the_variable():
    with pytest.raises(InvalidSetting, match="ZHIRAO_CACHE_URL must be a redis"):
        cache_settings("memcached://cache:11211")


def test_app_servers_given_one_redis_url_count_throttles_together():
    """Two cache clients built from the same ZHIRAO_CACHE_URL (two app servers) see one count: the upload-link
    throttle cannot be multiplied by adding servers. Uses the Redis every development and CI machine runs on
    127.0.0.1:6379 (required, not skipped: without it this guarantee would go unchecked)."""
    from django.core.cache.backends.redis import RedisCache

    url = "redis://127.0.0.1:6379/15"
    config = cache_settings(url)["default"]
    params = {"KEY_PREFIX": f"{config['KEY_PREFIX']}-test-{os.getpid()}"}
    server_a, server_b = (RedisCache(config["LOCATION"], params) for _ in range(2))
    try:
        server_a.set("third-party:link:1", 0, 60)
        server_a.incr("third-party:link:1")
        server_b.incr("third-party:link:1")
        assert server_a.get("third-party:link:1") == 2
    finally:
        server_a.delete("third-party:link:1")
