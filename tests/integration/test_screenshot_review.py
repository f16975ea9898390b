"""The borrower's review of messages read from screenshots: confirm (as read or edited), discard, the crop beside
each, and who may do what. The proposals here are stored as the reading task stores them; the reading itself with
the real OCR engine is tested in test_screenshot_reading.py (marker `ocr`)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from complaints.models import AuditEvent, LogEntry, ScreenshotProposal, ScreenshotReading
from complaints.services.evidence import evidence_upload
from guidance.clock import SHANGHAI
from tests.factories import CaseFactory, ClinicFactory, ScreenshotProposalFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _screenshot(background: str = "white") -> SimpleUploadedFile:
    image = Image.new("RGB", (200, 400), background)
    image.paste((200, 30, 30), (20, 100, 180, 160))  # the "bubble" the proposal's crop covers
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("Screenshot_20261206-101010.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def proposal():
    case = CaseFactory(data={"spec": "zhirao-case/1", "harassment": {"content": ["insult"]}})
    evidence = evidence_upload(actor=case.owner, case=case, uploaded=_screenshot()).evidence
    return ScreenshotProposalFactory(evidence=evidence, crop_left=20, crop_top=100, crop_right=180, crop_bottom=160)


def _review_url(case):
    return reverse("log:screenshots", kwargs={"case_id": case.pk})


def _decide(client, proposal, action, **fields):
    data = {"action": action}
    prefix = f"p{proposal.pk}-"
    values = {"at": "2026-12-05T22:41", "channel": "sms", "from_number": proposal.from_number, "target": "self",
              "text": proposal.text, "content": list(proposal.content)}
    values.update(fields)
    data.update({prefix + name: value for name, value in values.items()})
    return client.post(reverse("log:screenshot_decide", kwargs={"case_id": proposal.case_id, "proposal_id": proposal.pk}), data)


def test_the_review_page_shows_each_proposal_prefilled_beside_its_crop(client, proposal):
    client.force_login(proposal.case.owner)
    page = client.get(_review_url(proposal.case))
    html = page.content.decode()
    assert page.status_code == 200
    crop = reverse("evidence:message_crop", kwargs={"case_id": proposal.case_id, "evidence_id": proposal.evidence_id,
                                                    "proposal_id": proposal.pk})
    assert f'src="{crop}"' in html
    assert proposal.text in html
    assert 'value="2026-12-05T22:41"' in html  # 14:41 UTC is 22:41 in Shanghai
    assert "截图上的时间：昨天 22:41" in html
    assert f'name="p{proposal.pk}-content" value="threat_exposure"' in html and "checked" in html


def test_the_log_page_points_to_the_waiting_messages(client, proposal):
    client.force_login(proposal.case.owner)
    html = client.get(reverse("log:list", kwargs={"case_id": proposal.case_id})).content.decode()
    assert _review_url(proposal.case) in html
    assert "从截图中读出了 1 条消息，等待你确认" in html


def test_confirming_writes_the_log_entry_linked_to_the_screenshot_and_the_content(client, proposal):
    client.force_login(proposal.case.owner)
    response = _decide(client, proposal, "confirm")
    assert response.status_code == 302
    entry = LogEntry.objects.get(case=proposal.case)
    assert entry.at == dt.datetime(2026, 12, 5, 22, 41, tzinfo=SHANGHAI)
    assert (entry.from_number, entry.text, entry.pending_review) == ("106901234567", proposal.text, False)
    assert list(entry.evidence.all()) == [proposal.evidence]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.log_entry) == (ScreenshotProposal.Status.CONFIRMED, entry)
    proposal.case.refresh_from_db()
    assert proposal.case.data["harassment"]["content"] == ["insult", "threat_exposure"]
    assert "106901234567" in proposal.case.data["collector"]["numbers"]
    actions = set(AuditEvent.objects.filter(case_id=proposal.case_id).values_list("action", flat=True))
    assert {"log_entry.created", "screenshot_proposal.confirmed", "case.section_update"} <= actions
    # Confirming again (a second click) adds nothing.
    _decide(client, proposal, "confirm")
    assert LogEntry.objects.filter(case=proposal.case).count() == 1


def test_the_borrower_edits_before_confirming(client, proposal):
    client.force_login(proposal.case.owner)
    _decide(client, proposal, "confirm", text="你这个老赖", from_number="170 1234 5678", at="2026-12-05T22:40", content=[])
    entry = LogEntry.objects.get(case=proposal.case)
    assert (entry.text, entry.from_number) == ("你这个老赖", "+8617012345678")
    assert entry.at == dt.datetime(2026, 12, 5, 22, 40, tzinfo=SHANGHAI)
    event = AuditEvent.objects.get(action="screenshot_proposal.confirmed")
    assert event.new_value["edited"] == ["at", "from_number", "text"]
    assert event.new_value["content_added"] == []
    assert "你这个老赖" not in str(event.new_value)  # audit rows carry no message text


def test_bad_input_is_shown_with_its_message_and_nothing_is_saved(client, proposal):
    client.force_login(proposal.case.owner)
    response = _decide(client, proposal, "confirm", at="", from_number="12")
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写被联系的时间。" in html
    assert "不是有效的电话号码" in html
    assert 'value="你这个老赖，再不还钱就爆通讯录"' in html or "你这个老赖，再不还钱就爆通讯录</textarea>" in html
    assert not LogEntry.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ScreenshotProposal.Status.PENDING


def test_discarding_puts_nothing_in_the_log(client, proposal):
    client.force_login(proposal.case.owner)
    assert _decide(client, proposal, "discard").status_code == 302
    assert not LogEntry.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ScreenshotProposal.Status.DISCARDED
    assert AuditEvent.objects.filter(action="screenshot_proposal.discarded").count() == 1
    assert proposal.text not in client.get(_review_url(proposal.case)).content.decode()


def test_the_crop_is_the_messages_part_of_the_screenshot_and_the_original_is_untouched(client, proposal):
    client.force_login(proposal.case.owner)
    evidence = proposal.evidence
    sha256 = evidence.sha256
    response = client.get(reverse("evidence:message_crop", kwargs={
        "case_id": proposal.case_id, "evidence_id": evidence.pk, "proposal_id": proposal.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    crop = Image.open(io.BytesIO(response.content))
    assert crop.size == (160, 60)
    red, green, _blue = crop.convert("RGB").getpixel((80, 30))
    assert red > 150 and green < 90
    evidence.refresh_from_db()
    assert evidence.sha256 == sha256
    assert AuditEvent.objects.filter(action="evidence.previewed", subject_id=str(evidence.pk)).exists()


def test_strangers_get_404_and_staff_of_the_shared_clinic_read_but_do_not_decide(client, proposal):
    client.force_login(UserFactory())
    assert client.get(_review_url(proposal.case)).status_code == 404
    assert _decide(client, proposal, "confirm").status_code == 404
    crop = reverse("evidence:message_crop", kwargs={"case_id": proposal.case_id, "evidence_id": proposal.evidence_id,
                                                    "proposal_id": proposal.pk})
    assert client.get(crop).status_code == 404
    clinic = ClinicFactory()
    shared = CaseFactory(shared_with=clinic)
    case = proposal.case
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    assert client.get(_review_url(case)).status_code == 404  # not shared with this clinic
    other = evidence_upload(actor=shared.owner, case=shared, uploaded=_screenshot()).evidence
    theirs = ScreenshotProposalFactory(evidence=other)
    page = client.get(_review_url(shared))
    assert page.status_code == 200 and theirs.text in page.content.decode()
    assert 'name="action" value="confirm"' not in page.content.decode()
    assert _decide(client, theirs, "confirm").status_code in (403, 404)
    assert not LogEntry.objects.exists()


def test_a_proposal_of_another_screenshot_is_not_served_under_this_one(client, proposal):
    client.force_login(proposal.case.owner)
    other = evidence_upload(actor=proposal.case.owner, case=proposal.case, uploaded=_screenshot("black")).evidence
    url = reverse("evidence:message_crop", kwargs={"case_id": proposal.case_id, "evidence_id": other.pk, "proposal_id": proposal.pk})
    assert client.get(url).status_code == 404


def test_with_ocr_off_an_upload_is_not_read(client, settings):
    settings.OCR_ENABLED = False
    case = CaseFactory()
    client.force_login(case.owner)
    client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [_screenshot()]})
    assert case.evidence.count() == 1
    assert not ScreenshotReading.objects.exists()


def test_a_screenshot_that_cannot_be_read_says_so_and_proposes_nothing(client, settings, django_capture_on_commit_callbacks):
    settings.OCR_ENABLED = True
    settings.EVIDENCE_MAX_DECODED_PIXELS = 10_000  # the 200 x 400 screenshot is past it: never decoded
    case = CaseFactory()
    client.force_login(case.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [_screenshot()]})
    reading = ScreenshotReading.objects.get()
    assert reading.status == ScreenshotReading.Status.FAILED
    assert not ScreenshotProposal.objects.exists()
    assert AuditEvent.objects.get(action="screenshot.read").new_value == {"status": "failed"}
    html = client.get(_review_url(case)).content.decode()
    assert "没能读取“Screenshot_20261206-101010.png”。请按截图手动添加记录。" in html
    # Uploading the same bytes again queues nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [_screenshot()]})
    assert ScreenshotReading.objects.count() == 1
