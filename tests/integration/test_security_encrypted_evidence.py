"""docs/SECURITY.md, at rest: with ZHIRAO_ENCRYPTION_KEYS set, an uploaded screenshot is stored sealed, its
recorded SHA-256 is over the original bytes, the download gives the original back, a changed stored file
is refused as an integrity failure, and storage_reencrypt rotates the key."""

import base64
import hashlib
import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from complaints.models import Evidence
from tests.factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def keys(*ids):
    return ",".join(f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}" for key_id in ids)


def encrypted(settings, tmp_path, key_text):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "complaints.storage_crypto.EncryptedStorage",
        "OPTIONS": {"inner": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "sealed"}},
                    "keys": key_text}}}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_evidence_is_stored_sealed_and_served_as_the_original(client, settings, tmp_path):
    first = keys("k1")
    encrypted(settings, tmp_path, first)
    case = CaseFactory()
    client.force_login(case.owner)
    data = png()
    upload = io.BytesIO(data)
    upload.name = "shot.png"
    response = client.post(reverse("evidence:upload", args=[case.pk]), {"files": [upload]})
    assert response.status_code in (200, 302)
    evidence = Evidence.objects.get(case=case)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    raw = (tmp_path / "sealed" / evidence.storage_name).read_bytes()
    assert raw.startswith(b"ZRE1") and data[8:40] not in raw
    download = client.get(reverse("evidence:download", args=[case.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == data

    # Rotation: a new key first, the old one after it, re-encrypt, then the old key can go.
    rotated = keys("k2") + "," + first
    encrypted(settings, tmp_path, rotated)
    call_command("storage_reencrypt", stdout=io.StringIO())
    encrypted(settings, tmp_path, rotated.split(",")[0])
    download = client.get(reverse("evidence:download", args=[case.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == data

    # A changed stored file is an integrity failure, never served.
    path = tmp_path / "sealed" / evidence.storage_name
    sealed = bytearray(path.read_bytes())
    sealed[-5] ^= 1
    path.write_bytes(bytes(sealed))
    assert client.get(reverse("evidence:download", args=[case.pk, evidence.pk])).status_code == 409


def test_a_third_partys_waiting_upload_is_sealed_rotated_and_checked_like_evidence(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints.services.third_party import link_create, third_party_upload

    first = keys("k1")
    encrypted(settings, tmp_path, first)
    case = CaseFactory()
    data = png()
    link = link_create(actor=case.owner, case=case, days=1).link
    third_party_upload(link=link, uploaded=SimpleUploadedFile("shot.png", data), uploader_name="王小明", relation="family",
                       consent_version="2026-12-06.1")
    upload = case.third_party_uploads.get()
    assert (tmp_path / "sealed" / upload.storage_name).read_bytes().startswith(b"ZRE1")

    rotated = keys("k2") + "," + first
    encrypted(settings, tmp_path, rotated)
    call_command("storage_reencrypt", stdout=io.StringIO())
    encrypted(settings, tmp_path, rotated.split(",")[0])
    client.force_login(case.owner)
    url = reverse("evidence:third_party_download", args=[case.pk, upload.pk])
    assert b"".join(client.get(url).streaming_content) == data

    path = tmp_path / "sealed" / upload.storage_name
    sealed = bytearray(path.read_bytes())
    sealed[-5] ^= 1
    path.write_bytes(bytes(sealed))
    assert client.get(url).status_code == 409
