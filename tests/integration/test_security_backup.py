"""docs/SECURITY.md, after disaster: a backup is encrypted with the backup key (or, asked for explicitly, in the
clear) and restores into an empty database and storage, every evidence hash verified; a damaged backup, or one
opened with the wrong key, is refused, naming what is wrong, and restores nothing."""

import base64
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from complaints.models import AuditEvent, Case, Evidence, ThirdPartyUpload, User
from complaints.services.evidence import evidence_upload
from complaints.services.third_party import link_create, third_party_upload
from tests.factories import CaseFactory, ClinicFactory, LogEntryFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security]


def _png(colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), colour).save(buffer, "PNG")
    return SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")


def _key(key_id="backup-1") -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


@pytest.fixture
def unencrypted(request):
    """Write the fixture's backup in the clear (`backup --unencrypted`)."""
    return True


@pytest.fixture
def backed_up(tmp_path, settings, request):
    settings.BACKUP_KEYS = _key()
    clear = "unencrypted" in request.fixturenames
    clinic = ClinicFactory()
    StaffFactory(clinic=clinic)
    case = CaseFactory(shared_with=clinic, borrower_name="李四")
    for colour in ("white", "black", "red"):
        evidence_upload(actor=case.owner, case=case, uploaded=_png(colour))
    # A relative's upload still waiting for the borrower is a stored file too.
    link = link_create(actor=case.owner, case=case, days=1).link
    third_party_upload(link=link, uploaded=_png("blue"), uploader_name="王小明", relation="family", consent_version="2026-12-06.1")
    LogEntryFactory(case=case)
    out = tmp_path / "backup"
    call_command("backup", out=out, unencrypted=clear, stdout=io.StringIO())
    expected = {
        "evidence": sorted(Evidence.objects.values_list("storage_name", "sha256")),
        "waiting": list(ThirdPartyUpload.objects.values_list("storage_name", "sha256")),
        "users": sorted(User.objects.values_list("username", flat=True)),
        "audit": AuditEvent.objects.count(),
        "reference": case.reference,
    }
    # Disaster: an empty database and an empty storage.
    call_command("flush", interactive=False, verbosity=0)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                           "OPTIONS": {"location": tmp_path / "new-media"}}}
    return out, expected


def test_a_backup_restores_into_an_empty_database_and_storage_with_every_hash_verified(backed_up):
    out, expected = backed_up
    assert not User.objects.exists()
    stdout = io.StringIO()
    call_command("restore", source=out, stdout=stdout)
    assert "SHA-256 verified for 4 evidence files" in stdout.getvalue()
    assert sorted(Evidence.objects.values_list("storage_name", "sha256")) == expected["evidence"]
    assert list(ThirdPartyUpload.objects.values_list("storage_name", "sha256")) == expected["waiting"]
    assert default_storage.exists(expected["waiting"][0][0])
    assert sorted(User.objects.values_list("username", flat=True)) == expected["users"]
    assert AuditEvent.objects.count() == expected["audit"]
    case = Case.objects.get(reference=expected["reference"])
    assert case.borrower_name == "李四" and case.log_entries.count() == 1 and case.shares.count() == 1
    for evidence in Evidence.objects.all():
        assert default_storage.exists(evidence.storage_name)


def test_the_backup_is_encrypted_and_holds_nothing_in_the_clear(backed_up):
    out, _expected = backed_up
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    # Three evidence files and the relative's upload still waiting for the borrower.
    assert written == ["database.json.zre", "files/00000000.zre", "files/00000001.zre", "files/00000002.zre", "files/00000003.zre",
                       "manifest.json.zre"]
    for path in out.rglob("*.zre"):
        data = path.read_bytes()
        assert data.startswith(b"ZRE1\x08backup-1")
        assert "李四".encode() not in data and b"\x89PNG" not in data and b"storage_name" not in data


def test_without_a_backup_key_backup_refuses_unless_asked_for_the_clear(tmp_path, settings):
    settings.BACKUP_KEYS = ""
    with pytest.raises(CommandError, match=r"ZHIRAO_BACKUP_KEYS is not set.*--unencrypted"):
        call_command("backup", out=tmp_path / "refused", stdout=io.StringIO())
    assert not (tmp_path / "refused").exists()
    stdout = io.StringIO()
    call_command("backup", out=tmp_path / "clear", unencrypted=True, stdout=stdout)
    assert "NOT encrypted" in stdout.getvalue() and (tmp_path / "clear" / "manifest.json").exists()


@pytest.mark.parametrize("wrong", ["same id, other key", "other id"])
def test_a_wrong_key_is_one_clear_line_and_restores_nothing(backed_up, settings, wrong):
    out, _expected = backed_up
    settings.BACKUP_KEYS = _key("backup-1" if wrong == "same id, other key" else "backup-2")
    with pytest.raises(CommandError) as refused:
        call_command("restore", source=out, stdout=io.StringIO())
    message = str(refused.value)
    assert message.startswith("manifest.json.zre: ") and "\n" not in message and "nothing restored" in message
    assert ("wrong key" in message) and (wrong == "same id, other key" or "'backup-1', which is not configured" in message)
    assert not User.objects.exists() and not Evidence.objects.exists()


def test_a_restore_of_an_encrypted_backup_needs_the_key(backed_up, settings):
    out, _expected = backed_up
    settings.BACKUP_KEYS = ""
    with pytest.raises(CommandError, match="is encrypted: set ZHIRAO_BACKUP_KEYS"):
        call_command("restore", source=out, stdout=io.StringIO())


def test_a_tampered_encrypted_backup_is_refused_and_leaves_nothing(backed_up):
    out, expected = backed_up
    victim = out / "files" / "00000001.zre"
    data = bytearray(victim.read_bytes())
    data[-20] ^= 1
    victim.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"00000001\.zre: .*the backup was changed"):
        call_command("restore", source=out, stdout=io.StringIO())
    assert not User.objects.exists() and not Evidence.objects.exists()
    assert not any(default_storage.exists(name) for name, _sha256 in expected["evidence"])  # the first, restored, removed


def test_a_tampered_backup_is_refused_and_leaves_nothing(unencrypted, backed_up):
    out, _expected = backed_up
    victim = sorted((out / "files").iterdir())[0]
    victim.write_bytes(victim.read_bytes() + b"x")
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", source=out, stdout=io.StringIO())
    assert not User.objects.exists() and not Evidence.objects.exists()


def test_restore_refuses_a_database_that_is_not_empty(backed_up):
    out, _expected = backed_up
    StaffFactory()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", source=out, stdout=io.StringIO())
