"""Evidence files and letters encrypted at rest (AES-256-GCM), with keys from the environment.

`EncryptedStorage` wraps the storage that really keeps the files (local disk or the S3 bucket): what it
saves is encrypted, what it opens is decrypted, so every caller (uploads, downloads, previews, letters,
exports, backups) sees the original bytes, and every SHA-256 Zhirao keeps is over the original bytes.

A stored file is `ZRE1`, the key's id (one length byte, then ASCII), a 7-byte random nonce prefix, then
the file in 64 KiB chunks, each sealed by AES-GCM under the nonce prefix + its 4-byte number + a byte
saying whether it is the last chunk, with the header as associated data: a changed, reordered,
dropped or appended chunk, or a cut-off end, fails to open (EncryptedFileDamaged). Files stored before
encryption was switched on have no header and open as they are, until `manage.py storage_reencrypt`
encrypts them.

Keys: ZHIRAO_ENCRYPTION_KEYS, `id:base64-of-32-bytes` pairs separated by commas; the first encrypts new
files, every one listed decrypts. To rotate: put a new key first, keep the old ones after it, run
`manage.py storage_reencrypt` (every evidence file and letter re-encrypted under the first key), then
remove the old keys.
"""

import base64
import os
import struct
import tempfile

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files import File
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

MAGIC = b"ZRE1"
CHUNK = 64 * 1024
_TAG = 16
_PREFIX = 7


class EncryptedFileDamaged(OSError):
    """A stored file that does not decrypt: changed, cut short, or sealed with a key no longer configured."""


def parse_keys(text: str) -> list[tuple[str, bytes]]:
    """`id:base64,id2:base64` as [(id, 32-byte key)], the encrypting key first; ValueError when malformed."""
    keys = []
    for part in (piece.strip() for piece in (text or "").split(",")):
        if not part:
            continue
        key_id, _, encoded = part.partition(":")
        key = base64.b64decode(encoded.strip(), validate=True)
        if not key_id.strip() or not key_id.strip().isascii() or len(key_id.strip()) > 32 or len(key) != 32:
            raise ValueError("each key is id:base64 of 32 random bytes (AES-256)")
        keys.append((key_id.strip(), key))
    return keys


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", number) + (b"\x01" if last else b"\x00")


def encrypt_stream(source, target, *, key_id: str, key: bytes) -> None:
    """Read `source` to its end and write it sealed to `target`."""
    prefix = os.urandom(_PREFIX)
    header = MAGIC + bytes([len(key_id)]) + key_id.encode("ascii") + prefix
    target.write(header)
    cipher = AESGCM(key)
    number, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        target.write(cipher.encrypt(_nonce(prefix, number, last), chunk, header))
        if last:
            return
        number, chunk = number + 1, following


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def decrypt_stream(source, target, *, keys: dict[str, bytes]) -> None:
    """Read a sealed `source` and write the original bytes to `target`; EncryptedFileDamaged otherwise."""
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise EncryptedFileDamaged("not an encrypted file")
    length = source.read(1)
    key_id = source.read(length[0]).decode("ascii", errors="replace") if length else ""
    prefix = source.read(_PREFIX)
    if key_id not in keys or len(prefix) != _PREFIX:
        raise EncryptedFileDamaged(f"sealed with key {key_id!r}, which is not configured")
    header = MAGIC + length + key_id.encode("ascii") + prefix
    cipher = AESGCM(keys[key_id])
    number, sealed = 0, source.read(CHUNK + _TAG)
    while True:
        following = source.read(CHUNK + _TAG)
        last = not following
        try:
            target.write(cipher.decrypt(_nonce(prefix, number, last), sealed, header))
        except InvalidTag:
            raise EncryptedFileDamaged("a chunk does not decrypt: the file was changed or cut short") from None
        if last:
            return
        number, sealed = number + 1, following


def _spool():
    # In memory up to 2 MB, on disk past it: memory stays small whatever the file's size.
    return tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024)


@deconstructible
class EncryptedStorage(Storage):
    """Django storage that encrypts into, and decrypts from, an inner storage (OPTIONS: inner, keys)."""

    def __init__(self, inner=None, keys: str = ""):
        inner = inner or {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}
        self.inner = import_string(inner["BACKEND"])(**inner.get("OPTIONS", {}))
        self.keys = parse_keys(keys)
        if not self.keys:
            raise ValueError("EncryptedStorage needs at least one key")

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("encrypted files are written with save(), never opened for writing")
        plain = _spool()  # handed to the caller, who closes it
        with self.inner.open(name, "rb") as stored:
            head = stored.read(len(MAGIC))
            stored.seek(0)
            if is_encrypted(head):
                decrypt_stream(stored, plain, keys=dict(self.keys))
            else:  # stored before encryption was switched on
                while chunk := stored.read(CHUNK):
                    plain.write(chunk)
        plain.seek(0)
        return File(plain, name=name)

    def _save(self, name, content):
        key_id, key = self.keys[0]
        if hasattr(content, "seek"):
            content.seek(0)
        with _spool() as sealed:
            encrypt_stream(content, sealed, key_id=key_id, key=key)
            sealed.seek(0)
            return self.inner.save(name, File(sealed, name=name))

    def reencrypt(self, name) -> None:
        """Seal `name` again under the first key (rotation, or a file stored before encryption), keeping its name."""
        key_id, key = self.keys[0]
        with self._open(name) as plain, _spool() as sealed:
            encrypt_stream(plain, sealed, key_id=key_id, key=key)
            sealed.seek(0)
            self.inner.delete(name)
            saved = self.inner.save(name, File(sealed, name=name))
        if saved != name:
            raise OSError(f"{name} was saved again as {saved}")

    def delete(self, name):
        self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def size(self, name):
        with self._open(name) as plain:
            plain.seek(0, os.SEEK_END)
            return plain.tell()

    def listdir(self, path):
        return self.inner.listdir(path)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.inner.generate_filename(filename)

    def url(self, name):
        raise NotImplementedError("evidence is only ever served through the access-checked views")
