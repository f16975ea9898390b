"""From upload to log with the real OCR engine: five rendered screenshots uploaded, their messages proposed, one
confirmed into the log, one discarded (marker `ocr`)."""

import datetime as dt
import hashlib
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import AuditEvent, LogEntry, ScreenshotProposal, ScreenshotReading, ThirdPartyUpload
from complaints.services.third_party import link_create, third_party_upload
from guidance import clock, consent

pytestmark = [pytest.mark.django_db, pytest.mark.ocr]

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
import screenshots  # noqa: E402

from tests.factories import CaseFactory  # noqa: E402


def _same(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_five_uploaded_screenshots_become_proposals_and_only_confirmed_ones_enter_the_log(
        client, settings, django_capture_on_commit_callbacks):
    settings.OCR_ENABLED = True
    case = CaseFactory()
    client.force_login(case.owner)
    # The file names carry the day the screenshots were taken (as phones name them): read against that day.
    shots = screenshots.render_set(5, seed=41, reference=dt.date(2026, 12, 6))
    files = [SimpleUploadedFile(shot.filename, shot.data, content_type="image/jpeg") for shot in shots]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": files}, follow=True)
    assert "截图中的消息正在读取" in response.content.decode()
    assert ScreenshotReading.objects.filter(status=ScreenshotReading.Status.DONE).count() == 5
    assert not LogEntry.objects.exists()  # nothing enters the log unconfirmed

    for shot in shots:
        evidence = case.evidence.get(original_name=shot.filename)
        proposals = list(evidence.screenshot_proposals.order_by("position"))
        assert [_same(p.text) for p in proposals] == [_same(m.text) for m in shot.messages]
        assert [p.at for p in proposals] == [m.at for m in shot.messages]
        assert {p.from_number for p in proposals} == {shot.sender}
    codes = ScreenshotProposal.objects.filter(text__contains="验证码")
    assert codes and all(p.channel == "verification_code_bombing" for p in codes)

    page = client.get(reverse("log:screenshots", kwargs={"case_id": case.pk}))
    first, second = ScreenshotProposal.objects.order_by("evidence_id", "position")[:2]
    assert first.text in page.content.decode()
    form = {f"p{first.pk}-{name}": value for name, value in {
        "at": clock.local(first.at).strftime("%Y-%m-%dT%H:%M"), "channel": first.channel, "from_number": first.from_number,
        "target": "self", "text": first.text, "content": first.content}.items()}
    client.post(reverse("log:screenshot_decide", kwargs={"case_id": case.pk, "proposal_id": first.pk}), {"action": "confirm", **form})
    client.post(reverse("log:screenshot_decide", kwargs={"case_id": case.pk, "proposal_id": second.pk}), {"action": "discard"})

    entry = LogEntry.objects.get()
    assert (entry.text, entry.at, entry.from_number) == (first.text, first.at, first.from_number)
    assert list(entry.evidence.all()) == [first.evidence]
    assert not LogEntry.objects.filter(text=second.text).exclude(pk=entry.pk).exists()
    # The screenshots themselves were only read.
    for shot in shots:
        assert case.evidence.get(original_name=shot.filename).sha256 == hashlib.sha256(shot.data).hexdigest()
    assert AuditEvent.objects.filter(action="evidence.read_for_ocr").count() == 5
    assert AuditEvent.objects.filter(action="screenshot.read").count() == 5


def test_a_screenshot_a_relative_gave_is_read_once_accepted_and_proposed_as_sent_to_family(
        client, settings, django_capture_on_commit_callbacks):
    settings.OCR_ENABLED = True
    case = CaseFactory()
    shot = screenshots.render_set(1, seed=43, reference=dt.date(2026, 12, 6))[0]
    link = link_create(actor=case.owner, case=case, days=3)
    third_party_upload(link=link.link, uploaded=SimpleUploadedFile(shot.filename, shot.data, content_type="image/jpeg"),
                       uploader_name="王小明", relation="family", consent_version=consent.current("third_party").version)
    assert not ScreenshotReading.objects.exists()  # waiting for the borrower: not read yet
    upload = ThirdPartyUpload.objects.get()
    client.force_login(case.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": upload.pk}))
    proposals = list(ScreenshotProposal.objects.filter(evidence__third_party=upload).order_by("position"))
    assert [_same(p.text) for p in proposals] == [_same(m.text) for m in shot.messages]
    page = client.get(reverse("log:screenshots", kwargs={"case_id": case.pk})).content.decode()
    assert '<option value="family" selected>' in page
