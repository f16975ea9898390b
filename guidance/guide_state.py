"""Where the guide keeps a visitor's answers between screens: an encrypted cookie in her own browser.

Every screen of the guide reads the answers and every answer writes them. Kept in the database session, that was
a read and a write to the database on each request: on a 2-core machine about 1 ms of CPU a request, a third of
an answer's cost (bench/guide_cpu.py). In a cookie they cost a decryption and an encryption, and the server keeps
nothing of someone who only walks the guide until she saves a case.

The cookie is sealed with AES-GCM under a key derived from SECRET_KEY (SECRET_KEY_FALLBACKS still open it after a
key rotation): nobody but the server can read it or change it. It holds the time it was written and is refused
after SESSION_COOKIE_AGE, like a session. It is HttpOnly, Secure where sessions are, and SameSite=Lax.

Answers too long for a cookie (browsers keep at most about 4 KB; only long typed names on every screen come near)
stay in the session as before: the state is read from the cookie if there is one, else from the session, and each
write goes to the cookie when it fits and to the session when it does not, never to both. Logging out clears it,
as it flushes the session.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import time
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.cache import patch_cache_control, patch_vary_headers

COOKIE_NAME = "zhirao_guide"
SESSION_KEY = "guidance"  # where answers too long for the cookie are kept, and where they were kept before
COOKIE_MAX_BYTES = 3800  # browsers keep a cookie of at most 4096 bytes, its name and attributes included
_FORMAT = b"\x01"
_KEY_INFO = b"zhirao guide state v1"
_keys: dict[str, AESGCM] = {}


def _cipher(secret: str) -> AESGCM:
    cipher = _keys.get(secret)
    if cipher is None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(secret.encode())
        cipher = _keys[secret] = AESGCM(key)
    return cipher


def seal(state: dict, *, now: float | None = None) -> str:
    """The cookie's value for `state`: format byte, nonce, then the sealed time and compressed JSON, in base64."""
    written = int(time.time() if now is None else now)
    plain = struct.pack(">Q", written) + zlib.compress(json.dumps(state, separators=(",", ":")).encode())
    nonce = os.urandom(12)
    sealed = _cipher(settings.SECRET_KEY).encrypt(nonce, plain, COOKIE_NAME.encode())
    return base64.urlsafe_b64encode(_FORMAT + nonce + sealed).decode().rstrip("=")


def unseal(value: str, *, now: float | None = None) -> dict | None:
    """The state in a cookie's value; None when it is not one of ours, was changed, or is past its age."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError:
        return None
    if len(raw) < 1 + 12 + 16 + 8 or raw[:1] != _FORMAT:
        return None
    nonce, sealed = raw[1:13], raw[13:]
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        try:
            plain = _cipher(secret).decrypt(nonce, sealed, COOKIE_NAME.encode())
            break
        except InvalidTag:
            continue
    else:
        return None
    (written,) = struct.unpack(">Q", plain[:8])
    if (time.time() if now is None else now) - written > settings.SESSION_COOKIE_AGE:
        return None
    state = json.loads(zlib.decompress(plain[8:]))
    return state if isinstance(state, dict) else None


class GuideState:
    """The guide's state for one request (a dict or None), read on first use; the middleware writes it back."""

    def __init__(self, request):
        self._request = request
        self._loaded = False
        self._state: dict | None = None
        self.changed = False

    def get(self) -> dict | None:
        if not self._loaded:
            cookie = self._request.COOKIES.get(COOKIE_NAME)
            self._state = unseal(cookie) if cookie else self._request.session.get(SESSION_KEY)
            self._loaded = True
        return self._state

    def set(self, state: dict | None) -> None:
        self._state, self._loaded, self.changed = state, True, True

    def write(self, response) -> None:
        """Put a changed state where it fits: the cookie, or the session when it is too long for one."""
        if self._loaded:
            # A page made from someone's answers is hers: no shared cache may keep it or serve it to another cookie.
            patch_vary_headers(response, ("Cookie",))
            patch_cache_control(response, private=True)
        if not self.changed:
            return
        session = self._request.session
        value = seal(self._state) if self._state else ""
        if value and len(value) <= COOKIE_MAX_BYTES:
            response.set_cookie(COOKIE_NAME, value, max_age=settings.SESSION_COOKIE_AGE, secure=settings.SESSION_COOKIE_SECURE,
                                httponly=True, samesite="Lax")
            if SESSION_KEY in session:
                del session[SESSION_KEY]
            return
        if value:
            session[SESSION_KEY] = self._state
        elif SESSION_KEY in session:
            del session[SESSION_KEY]
        if COOKIE_NAME in self._request.COOKIES:
            response.delete_cookie(COOKIE_NAME, samesite="Lax")


class GuideStateMiddleware:
    """After SessionMiddleware and outside authentication: gives `request.guide`, and writes it on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.guide = GuideState(request)
        response = self.get_response(request)
        request.guide.write(response)
        return response


@receiver(user_logged_out)
def _forget_on_log_out(sender, request, **kwargs):
    """Logging out flushes the session; the answers in the cookie go with it."""
    guide = getattr(request, "guide", None)
    if guide is not None:
        guide.set(None)
