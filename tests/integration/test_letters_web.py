"""The letters flow of a case over HTTP: list, preview, edit, generate (same hash twice), download, envelope,
record the mailing (steps_taken moves on), and the access gate on every URL."""

import datetime as dt
import hashlib
import io
import re
from urllib.parse import urlencode

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints.letters import facts
from complaints.management.letter_samples import load_case, stored_case
from complaints.models import AuditEvent, Case, ClinicMembership, Letter, LetterEdit, LogEntry
from complaints.services.cases import case_create, case_share_create
from guidance import analysis
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


@pytest.fixture
def case(borrower):
    case = stored_case(borrower)
    for item in load_case()["log"]:
        LogEntry.objects.create(case=case, at=dt.datetime.fromisoformat(item["at"]), channel=item["channel"],
                                from_number=item["from_number"], target=item["target"], text=item["text"])
    LogEntry.objects.create(case=case, at=dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC), channel="sms",
                            from_number="+8613912345678", text="尚未确认的导入记录", pending_review=True)
    return case


@pytest.fixture
def client_in(client, borrower):
    client.force_login(borrower)
    return client


def url(name, case, *args):
    return reverse(f"letters:{name}", args=[case.pk, *args])


def test_list_shows_every_applicable_letter_and_what_is_missing(client_in, case):
    page = client_in.get(url("list", case)).content.decode()
    assert "致某某信息咨询有限公司的停止催收函" in page
    assert "向人民法院提交的民事起诉状" in page and "还需要填写" in page
    assert page.count("的投诉信") >= 3  # lender, carriers, regulator


def test_preview_is_the_letter_with_facts_from_the_confirmed_log_only(client_in, case):
    response = client_in.get(url("preview", case, "collector_cease"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="文书预览"' in page and "停止违规催收通知函" in page
    assert "逐条记录了其中6次" in page and "你们单位的张三欠钱不还" in page
    assert "尚未确认的导入记录" not in page
    assert "<style" not in page and " style=" not in page


def test_incomplete_letter_lists_what_to_fill_in_and_cannot_be_generated(client_in, case):
    page = client_in.get(url("preview", case, "police_report")).content.decode()
    assert 'role="alert"' in page and "报案的公安机关" in page and "生成 PDF" not in page
    response = client_in.post(url("generate", case, "police_report"))
    assert response.status_code == 302 and Letter.objects.count() == 0


def test_edit_with_bad_values_gets_chinese_errors_and_keeps_what_was_saved(client_in, case):
    client_in.post(url("preview", case, "civil_complaint"), {"input_court_name": "深圳市南山区人民法院", "demands": ""})
    response = client_in.post(url("preview", case, "civil_complaint"), {
        "input_court_name": "某法院", "input_birth_date": "1990-02-30", "input_compensation_amount": "五千", "narrative": "x" * 2001,
        "demands": "\n".join(f"请求{number}" for number in range(11)),
    })
    page = response.content.decode()
    assert response.status_code == 400
    for message in ("请填写有效的日期", "请填写金额数字", "补充说明最多 2000 个字", "请求事项最多 10 项"):
        assert message in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_input_birth_date_error"' in page
    assert 'id="id_input_birth_date_error" role="alert"' in page
    assert LetterEdit.objects.get(case=case, kind="civil_complaint").inputs == {"court_name": "深圳市南山区人民法院"}


def test_edit_generate_same_hash_twice_download_and_envelope(client_in, case, borrower):
    response = client_in.post(url("preview", case, "collector_cease"), {
        "narrative": "我母亲因此失眠，<script>alert(1)</script>", "demands": "停止联系我的母亲\n停止夜间来电",
    })
    assert response.status_code == 302
    page = client_in.get(url("preview", case, "collector_cease")).content.decode()
    assert "停止联系我的母亲" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    first = client_in.post(url("generate", case, "collector_cease"))
    letter = Letter.objects.get()
    assert first.url == url("sent", case, letter.pk)
    assert letter.template_version == "collector_cease/2026-12-06.2" and "停止联系我的母亲" in letter.html
    second = client_in.post(url("generate", case, "collector_cease"))
    assert second.url == first.url and Letter.objects.count() == 1
    # The template version and the file's hash are for legal workers: in a fold of their own, not the borrower's steps.
    sent = client_in.get(first.url).content.decode()
    fold = sent[sent.index('<details class="legal-details">'):sent.index("</details>")]
    assert "给法律工作者的详细信息" in fold and letter.template_version in fold and letter.pdf_sha256 in fold
    assert sent.count(letter.pdf_sha256) == 1
    pdf = client_in.get(url("download", case, letter.pk))
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert pdf["Content-Type"] == "application/pdf" and hashlib.sha256(body).hexdigest() == letter.pdf_sha256
    assert default_storage.exists(letter.pdf_storage_name)
    envelope = client_in.get(url("envelope", case, letter.pk))
    assert envelope.status_code == 200 and envelope.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="letter.generate", case_id=case.pk, actor=borrower).count() == 1
    assert AuditEvent.objects.filter(action="letter.edit", case_id=case.pk).exists()


def test_pdfa_on_request_is_a_separate_letter(client_in, case):
    client_in.post(url("generate", case, "lender_complaint"))
    client_in.post(url("generate", case, "lender_complaint"), {"archival": "1"})
    assert sorted(Letter.objects.values_list("archival", flat=True)) == [False, True]


def test_per_carrier_letter_is_addressed_by_the_to_parameter(client_in, case):
    preview = reverse("letters:preview", args=[case.pk, "carrier_complaint"]) + "?" + urlencode({"to": "中国移动"})
    page = client_in.get(preview).content.decode()
    assert "13912345678" in page and "17012345678" not in page.split("涉及的号码")[1]
    assert client_in.get(reverse("letters:preview", args=[case.pk, "carrier_complaint"]) + "?to=中国联通").status_code == 404
    assert client_in.get(url("preview", case, "no_such_kind")).status_code == 404


def test_recording_the_mailing_marks_the_step_taken_and_shows_the_tracking_number(client_in, case, borrower):
    client_in.post(url("generate", case, "lender_complaint"))
    letter = Letter.objects.get()
    bad = client_in.post(url("mailing", case, letter.pk), {"mailed_on": "2099-01-01", "method": "ems", "tracking_number": "!"})
    assert bad.status_code == 400 and "寄出日期不能晚于今天" in bad.content.decode() and "邮件单号由 8 到 30 位" in bad.content.decode()
    today = timezone.localdate()
    for _attempt in range(2):
        response = client_in.post(url("mailing", case, letter.pk), {"mailed_on": today.isoformat(), "method": "registered",
                                                                    "tracking_number": "xa 1234 5678 9cn"})
        assert response.status_code == 302
    letter.refresh_from_db()
    case.refresh_from_db()
    assert letter.tracking_number == "XA123456789CN" and letter.mailed_on == today
    assert case.data["steps_taken"] == [{"action": "complain_lender", "on": today.isoformat()}]
    assert AuditEvent.objects.filter(action="letter.mailing", case_id=case.pk).count() == 2
    case_page = client_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "XA123456789CN" in case_page and "已寄出的文书" in case_page


def _every_url(case, letter):
    gets = [url("list", case), url("preview", case, "collector_cease"), url("sent", case, letter.pk),
            url("download", case, letter.pk), url("envelope", case, letter.pk)]
    posts = [url("preview", case, "collector_cease"), url("generate", case, "collector_cease"), url("mailing", case, letter.pk),
             url("reply", case, letter.pk)]
    return gets, posts


def test_another_borrower_gets_404_on_every_letters_url(client, client_in, case):
    client_in.post(url("generate", case, "collector_cease"))
    letter = Letter.objects.get()
    stranger = UserFactory(phone="+8613700137000")
    client.force_login(stranger)
    gets, posts = _every_url(case, letter)
    for each in gets:
        assert client.get(each).status_code == 404, each
    for each in posts:
        assert client.post(each, {"narrative": "x", "mailed_on": "2026-01-01", "method": "ems", "tracking_number": "XA123456789CN"}).status_code == 404, each
    client.logout()
    for each in gets:
        assert client.get(each).status_code == 404, each
    # A letter id of another case is not reachable through my own case either.
    own = case_create(owner=stranger, actor=stranger)
    client.force_login(stranger)
    assert client.get(url("sent", own, letter.pk)).status_code == 404
    assert LetterEdit.objects.count() == 0 and Letter.objects.get().tracking_number == ""


def test_clinic_staff_with_a_share_can_prepare_letters_and_lose_access_on_withdrawal(client, case, borrower):
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    assert ClinicMembership.objects.filter(user=staff, clinic=clinic).exists()
    client.force_login(staff)
    assert client.get(url("list", case)).status_code == 404
    share = case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    assert client.get(url("list", case)).status_code == 200
    client.get(url("preview", case, "collector_cease"))
    client.post(url("generate", case, "collector_cease"))
    letter = Letter.objects.get()
    assert letter.created_by == staff
    client.get(url("download", case, letter.pk))
    reads = AuditEvent.objects.filter(action="letter.staff_view", actor=staff, case_id=case.pk)
    client.get(url("sent", case, letter.pk))
    assert sorted(event.new_value["what"] for event in reads) == ["letter", "pdf", "preview collector_cease"]
    client.force_login(borrower)
    client.get(url("download", case, letter.pk))
    assert AuditEvent.objects.filter(action="letter.staff_view").count() == 3  # the owner's reads are not recorded
    client.force_login(staff)
    share.withdrawn_at = timezone.now()
    share.save()
    assert client.get(url("list", case)).status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()


def test_demo_case_comes_with_generated_letters(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo_data", stdout=io.StringIO())
    call_command("demo_data", stdout=io.StringIO())
    demo_case = Case.objects.get(owner__username="demo-zhang")  # the demo borrower's case (the others are walk-ins)
    letters = Letter.objects.filter(case=demo_case)
    assert sorted(letters.values_list("kind", flat=True)) == ["collector_cease", "lender_complaint"]
    for letter in letters:
        assert default_storage.exists(letter.pdf_storage_name) and "（演示数据）" in letter.html
    client.force_login(demo_case.owner)
    assert "已生成" in client.get(url("list", demo_case)).content.decode()


def test_the_collector_notice_is_offered_as_text_with_its_length(client_in, case):
    page = client_in.get(url("preview", case, "collector_cease")).content.decode()
    assert "以文字发送" in page and 'id="text-to-copy"' in page
    assert re.search(r"（共\d+字）", page)


def test_the_list_analyses_the_log_once_however_many_drafts_it_shows(client_in, case, monkeypatch):
    """Every draft of the list is composed from one compose.letter_case: a log of thousands of entries is read
    through once per request, not once or more per draft (issue 16: bench/big_log.py)."""
    calls = []
    monkeypatch.setattr(facts, "analyse_log", lambda items: calls.append("log") or analysis.analyse_log(items))
    monkeypatch.setattr(facts, "analyse_after", lambda items, day: calls.append("after") or analysis.analyse_after(items, day))
    response = client_in.get(url("list", case))
    assert response.status_code == 200
    assert len(response.context["rows"]) > 10 and len(calls) <= 3
