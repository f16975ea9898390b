"""docs/SECURITY.md, after disaster: a backup restores into an empty database and storage, every evidence
hash verified; a damaged backup is refused, naming what is wrong."""

import io

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


@pytest.fixture
def backed_up(tmp_path, settings):
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
    call_command("backup", out=out, stdout=io.StringIO())
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


def test_a_tampered_backup_is_refused_and_leaves_nothing(backed_up):
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
