"""docs/SECURITY.md, at rest: evidence and letters are stored encrypted (AES-256-GCM); any change to a stored
file is detected; keys rotate; every hash stays over the original bytes."""

import base64
import io
import os

import pytest
from django.core.files.base import ContentFile

from complaints.storage_crypto import (
    CHUNK,
    EncryptedFileDamaged,
    EncryptedStorage,
    decrypt_stream,
    encrypt_stream,
    parse_keys,
)

pytestmark = pytest.mark.security


def key_text(*ids: str) -> str:
    return ",".join(f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}" for key_id in ids)


def storage(tmp_path, keys: str) -> EncryptedStorage:
    return EncryptedStorage(inner={"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
                            keys=keys)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_what_is_saved_is_sealed_and_opens_as_the_original(tmp_path, size):
    data = os.urandom(size)
    store = storage(tmp_path, key_text("k1"))
    name = store.save("evidence/abc", ContentFile(data))
    raw = (tmp_path / name).read_bytes()
    assert raw.startswith(b"ZRE1") and (size < 16 or data[:16] not in raw)
    with store.open(name) as opened:
        assert opened.read() == data


@pytest.mark.parametrize("damage", ["flip", "truncate", "drop_last_chunk", "append"])
def test_a_changed_stored_file_does_not_open(tmp_path, damage):
    store = storage(tmp_path, key_text("k1"))
    name = store.save("evidence/abc", ContentFile(os.urandom(2 * CHUNK + 5)))
    path = tmp_path / name
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[-40] ^= 1
    elif damage == "truncate":
        del raw[-3:]
    elif damage == "drop_last_chunk":
        del raw[-(5 + 16):]
    else:
        raw += b"\x00" * 20
    path.write_bytes(bytes(raw))
    with pytest.raises(EncryptedFileDamaged):
        store.open(name)


def test_keys_rotate_and_old_files_stay_readable_until_reencrypted(tmp_path):
    old = key_text("2026a")
    store = storage(tmp_path, old)
    name = store.save("letters/1/x.pdf", ContentFile(b"%PDF-1.7 letter"))
    rotated = storage(tmp_path, key_text("2026b") + "," + old)
    assert rotated.open(name).read() == b"%PDF-1.7 letter"
    rotated.reencrypt(name)
    new_only = storage(tmp_path, rotated_first(rotated))
    assert new_only.open(name).read() == b"%PDF-1.7 letter"
    with pytest.raises(EncryptedFileDamaged, match="not configured"):
        storage(tmp_path, old).open(name)


def rotated_first(store) -> str:
    key_id, key = store.keys[0]
    return f"{key_id}:{base64.b64encode(key).decode()}"


def test_files_stored_before_encryption_open_and_get_sealed(tmp_path):
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "old").write_bytes(b"plain screenshot")
    store = storage(tmp_path, key_text("k1"))
    assert store.open("evidence/old").read() == b"plain screenshot"
    store.reencrypt("evidence/old")
    assert (tmp_path / "evidence" / "old").read_bytes().startswith(b"ZRE1")
    assert store.open("evidence/old").read() == b"plain screenshot"


@pytest.mark.parametrize("text", ["k1", "k1:notbase64!", "k1:" + base64.b64encode(b"short").decode(), ":" + base64.b64encode(os.urandom(32)).decode()])
def test_malformed_keys_are_refused(text):
    with pytest.raises(ValueError):
        parse_keys(text)


def test_stream_functions_round_trip():
    key = os.urandom(32)
    sealed, plain = io.BytesIO(), io.BytesIO()
    encrypt_stream(io.BytesIO(b"x" * 100_000), sealed, key_id="k", key=key)
    sealed.seek(0)
    decrypt_stream(sealed, plain, keys={"k": key})
    assert plain.getvalue() == b"x" * 100_000
