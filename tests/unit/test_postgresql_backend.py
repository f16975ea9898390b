"""config.postgresql: a reused connection is pinged before a request only when it has been idle a second or more."""

import pytest

from config.postgresql import base as backend


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def wrapper(monkeypatch):
    """A wrapper holding a stand-in connection: no database is reached, the ping and the close are recorded."""
    clock = Clock()
    monkeypatch.setattr(backend.time, "monotonic", clock)
    connection = backend.DatabaseWrapper(_settings(), alias="health-check-test")
    connection.connection = object()
    connection.health_check_enabled = True  # as connect() sets it from CONN_HEALTH_CHECKS
    connection.pings, connection.closed, connection.usable = 0, 0, True

    def is_usable():
        connection.pings += 1
        return connection.usable

    def close():
        connection.closed += 1
        connection.connection = None

    connection.is_usable, connection.close, connection.clock = is_usable, close, clock
    return connection


def _settings() -> dict:
    return {"ENGINE": "config.postgresql", "NAME": "zhirao", "USER": "", "PASSWORD": "", "HOST": "", "PORT": "",
            "OPTIONS": {}, "TIME_ZONE": None, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True, "TEST": {}}


def next_request(connection, after: float) -> None:
    """What Django does as a request begins and then opens a cursor: reset the check, then run it if due."""
    connection.clock.now += after
    connection.health_check_done = False
    connection.close_if_health_check_failed()


def test_the_first_request_on_a_reused_connection_pings_it(wrapper):
    next_request(wrapper, after=0)
    assert (wrapper.pings, wrapper.closed) == (1, 0)


def test_a_connection_used_under_a_second_ago_is_not_pinged_again(wrapper):
    next_request(wrapper, after=0)
    for _ in range(5):
        next_request(wrapper, after=0.3)
    assert wrapper.pings == 1
    assert wrapper.health_check_done  # the request goes on with the connection as it is


def test_a_connection_idle_for_a_second_is_pinged(wrapper):
    next_request(wrapper, after=0)
    next_request(wrapper, after=backend.RECENTLY_PROVEN_SECONDS)
    assert wrapper.pings == 2


def test_a_busy_worker_is_not_pinged_while_each_request_follows_the_last_within_a_second(wrapper):
    next_request(wrapper, after=0)
    for _ in range(10):
        next_request(wrapper, after=0.9)  # each request's queries answered, so the next one's connection is proven
    assert wrapper.pings == 1
    next_request(wrapper, after=1.5)  # then a pause
    assert wrapper.pings == 2


def test_a_failed_ping_closes_the_connection_so_the_request_reconnects(wrapper):
    next_request(wrapper, after=0)
    wrapper.usable = False
    next_request(wrapper, after=2)
    assert (wrapper.pings, wrapper.closed) == (2, 1)


def test_a_connection_that_saw_an_error_is_pinged_however_recent(wrapper):
    next_request(wrapper, after=0)
    wrapper.errors_occurred = True
    next_request(wrapper, after=0.1)
    assert wrapper.pings == 2


def test_no_connection_yet_means_no_ping(wrapper):
    wrapper.connection = None
    next_request(wrapper, after=0)
    assert wrapper.pings == 0


def test_health_checks_off_means_no_ping(wrapper):
    wrapper.health_check_enabled = False
    next_request(wrapper, after=5)
    assert wrapper.pings == 0
