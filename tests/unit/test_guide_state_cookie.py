"""guidance.guide_state's cookie: only the server can read or change it, and it ages like a session."""

import base64

from guidance.guide_state import seal, unseal

STATE = {"tree": {"id": "escalation", "version": "2026-12.2"}, "answers": {"lender": {"values": {"lender.name": "某某小贷"}}}}


def test_a_sealed_state_opens_to_the_same_state():
    assert unseal(seal(STATE)) == STATE


def test_nothing_of_the_answers_is_readable_in_the_cookie():
    value = seal(STATE)
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert "某某小贷".encode() not in raw and b"lender" not in raw and b"escalation" not in raw
    assert seal(STATE) != value  # a fresh nonce each time


def test_a_changed_cookie_is_refused():
    value = seal(STATE)
    for position in (2, len(value) // 2, len(value) - 2):
        flipped = value[:position] + ("A" if value[position] != "A" else "B") + value[position + 1:]
        assert unseal(flipped) is None


def test_garbage_is_refused():
    for value in ("", "x", "not base64 at all!", "AQ", base64.urlsafe_b64encode(b"\x02" + bytes(40)).decode()):
        assert unseal(value) is None


def test_another_secret_key_cannot_open_it_unless_the_old_one_is_a_fallback(settings):
    value = seal(STATE)
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "another-secret-key-of-enough-length-0123456789", []
    assert unseal(value) is None
    settings.SECRET_KEY_FALLBACKS = [old]  # after a key rotation
    assert unseal(value) == STATE


def test_a_cookie_older_than_a_session_is_refused(settings):
    written = 1_800_000_000
    value = seal(STATE, now=written)
    assert unseal(value, now=written + settings.SESSION_COOKIE_AGE) == STATE
    assert unseal(value, now=written + settings.SESSION_COOKIE_AGE + 1) is None

