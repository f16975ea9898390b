"""The answer to a mailed letter: recorded by the borrower or clinic staff from their case pages (date received,
result, summary), written to the letter's step in steps_taken, audited, and counted in the weekly report."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.management.letter_samples import stored_case
from complaints.models import AuditEvent, Letter
from complaints.services.audit import audit_digest
from complaints.services.cases import case_share_create
from complaints.services.letters import letter_generate, letter_record_mailing
from guidance import clock
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


@pytest.fixture
def letter(borrower, clinic):
    """A complaint to the lender, mailed three days ago, of a case shared with the clinic."""
    case = stored_case(borrower)
    case_share_create(case=case, clinic=clinic, consent_text="我同意该机构查看并处理我的案件。", actor=borrower)
    letter, _created = letter_generate(actor=borrower, case=case, kind="lender_complaint")
    return letter_record_mailing(actor=borrower, letter=letter, mailed_on=timezone.localdate() - dt.timedelta(days=3),
                                 method="registered", tracking_number="XA123456789CN")


def _reply_url(letter):
    return reverse("letters:reply", args=[letter.case_id, letter.pk])


def _reply(letter, **values):
    return {f"reply-{letter.pk}-{name}": value for name, value in values.items()}


def test_the_borrower_records_a_reply_from_the_case_page(client, borrower, letter):
    client.force_login(borrower)
    case_url = reverse("cases:detail", args=[letter.case_id])
    page = client.get(case_url).content.decode()
    assert "记录收到的答复" in page and f'name="reply-{letter.pk}-replied_on"' in page
    today = timezone.localdate()
    response = client.post(_reply_url(letter), {**_reply(letter, replied_on=today.isoformat(), result="refused",
                                                         summary="对方称不存在违规催收"), "back": "case"})
    assert response.status_code == 302 and response["Location"] == case_url
    letter.refresh_from_db()
    assert (letter.replied_on, letter.reply_result, letter.reply_summary) == (today, "refused", "对方称不存在违规催收")
    letter.case.refresh_from_db()
    mailed_on = (today - dt.timedelta(days=3)).isoformat()
    assert letter.case.data["steps_taken"] == [{"action": "complain_lender", "on": mailed_on, "result": "refused"}]
    event = AuditEvent.objects.get(action="letter.reply")
    assert event.actor == borrower and event.case_id == letter.case_id
    assert event.old_value["replied_on"] is None and event.new_value == {"replied_on": today.isoformat(), "reply_result": "refused",
                                                                          "reply_summary": audit_digest("对方称不存在违规催收")}
    page = client.get(case_url).content.decode()
    assert f"{today.isoformat()} 收到答复：被拒绝" in page and "对方称不存在违规催收" in page and "修改答复记录" in page


def test_a_reply_before_the_mailing_or_without_a_result_is_refused_in_chinese_and_nothing_is_saved(client, borrower, letter):
    client.force_login(borrower)
    too_early = (letter.mailed_on - dt.timedelta(days=1)).isoformat()
    response = client.post(_reply_url(letter), _reply(letter, replied_on=too_early, result="resolved", summary="已处理"))
    page = response.content.decode()
    assert response.status_code == 400 and "收到答复的日期不能早于寄出日期" in page and 'role="alert"' in page
    assert f'value="{too_early}"' in page and "已处理" in page  # what was typed is kept
    assert f'aria-describedby="id_reply-{letter.pk}-replied_on_error"' in page
    response = client.post(_reply_url(letter), _reply(letter, replied_on=timezone.localdate().isoformat()))
    assert response.status_code == 400 and "请选择答复结果" in response.content.decode()
    letter.refresh_from_db()
    letter.case.refresh_from_db()
    assert letter.replied_on is None and letter.reply_result == ""
    assert "result" not in letter.case.data["steps_taken"][0]
    assert not AuditEvent.objects.filter(action="letter.reply").exists()


def test_staff_record_a_reply_on_their_case_page_and_another_clinic_cannot(client, clinic, letter):
    staff = StaffFactory(clinic=clinic)
    client.force_login(StaffFactory(clinic=ClinicFactory()))
    values = _reply(letter, replied_on=timezone.localdate().isoformat(), result="resolved")
    assert client.post(_reply_url(letter), values).status_code == 404
    client.force_login(staff)
    staff_url = reverse("staff:case", args=[letter.case_id])
    assert "记录收到的答复" in client.get(staff_url).content.decode()
    response = client.post(_reply_url(letter), {**values, "back": "staff"})
    assert response.status_code == 302 and response["Location"] == staff_url
    letter.refresh_from_db()
    assert letter.reply_result == "resolved"
    assert AuditEvent.objects.get(action="letter.reply").actor == staff
    assert "收到答复：问题已解决" in client.get(staff_url).content.decode()


def test_a_letter_not_yet_mailed_cannot_get_a_reply(client, borrower, letter):
    Letter.objects.filter(pk=letter.pk).update(mailed_on=None)
    client.force_login(borrower)
    response = client.post(_reply_url(letter), _reply(letter, replied_on=timezone.localdate().isoformat(), result="resolved"))
    assert response.status_code == 400 and "这封文书还没有寄出记录" in response.content.decode()
    assert Letter.objects.get(pk=letter.pk).replied_on is None


def test_the_weekly_report_counts_replies_by_the_week_they_arrived_with_their_outcome(client, clinic, borrower, letter):
    today = clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    Letter.objects.filter(pk=letter.pk).update(mailed_on=monday - dt.timedelta(days=7))  # mailed last week, answered this week
    client.force_login(borrower)
    client.post(_reply_url(letter), _reply(letter, replied_on=today.isoformat(), result="continued"))
    client.force_login(StaffFactory(clinic=clinic))
    rows = client.get(reverse("staff:reports")).context["rows"]
    columns = ("new_cases", "letters_sent", "replies", "resolved", "refused", "continued", "closed")
    assert [(row["week"], [row[key] for key in columns]) for row in rows] == [
        (monday, [1, 0, 1, 0, 0, 1, 0]),
        (monday - dt.timedelta(days=7), [0, 1, 0, 0, 0, 0, 0]),
    ]
    lines = list(csv.reader(io.StringIO(client.get(reverse("staff:reports_csv")).content.decode("utf-8-sig"))))
    assert lines[0] == ["周（周一）", "新增案件", "寄出文书", "收到答复", "答复：问题已解决", "答复：被拒绝", "答复：骚扰仍在继续", "结案"]
    assert lines[1] == [monday.isoformat(), "1", "0", "1", "0", "0", "1", "0"]
