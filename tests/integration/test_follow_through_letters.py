"""Issue 19, follow-through: a `continued` answer to a check-in moves the plan on and offers the next letter, linked
straight to it, and that letter states what the log holds since the last letter was sent (counted here from the
entries the test makes, not by the code under test)."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from complaints.management.letter_samples import COMPLETE_INPUTS, stored_case
from complaints.models import CheckIn, LogEntry
from guidance import clock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTION_LABEL = "书面要求催收方停止违规催收"  # the reviewed wording's label of demand_collector_stop


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.SHANGHAI)


def _log(case, sent: dt.date):
    """One contact on the day the letter went (not counted: it may have come before it), four confirmed contacts after
    it from two numbers (one to her family) plus one without a number, and one import still awaiting review."""
    LogEntry.objects.create(case=case, at=_at(sent, 20), channel="call", from_number="+8617012345678")
    for offset, channel, number, target in [(1, "call", "+8617012345678", "self"), (2, "sms", "+8613912345678", "family"),
                                            (3, "call", "+8613912345678", "self"), (4, "call", "+8617012345678", "self"),
                                            (5, "visit", "", "self")]:
        LogEntry.objects.create(case=case, at=_at(sent + dt.timedelta(days=offset), 10), channel=channel,
                                from_number=number, target=target)
    LogEntry.objects.create(case=case, at=_at(sent + dt.timedelta(days=6), 10), channel="sms",
                            from_number="+8617000000000", pending_review=True)


def _since_sentence(sent: dt.date, action: str = ACTION_LABEL, target: str = "") -> str:
    last = clock.chinese_date(sent + dt.timedelta(days=5))
    return (f"自{clock.chinese_date(sent)}本人{action}{target}以来，本人仍记录到催收方5次联系（电话3次、短信1次、上门1次），"
            f"来自2个号码，被联系的有：本人4次、家人1次，最近一次在{last}。")


def test_continued_links_the_next_letter_which_states_the_contacts_since_the_letter_was_sent(client, borrower, settings):
    settings.CHECK_IN_PRACTICAL_DAYS = 7
    case = stored_case(borrower)
    sent = clock.today() - dt.timedelta(days=7)
    client.force_login(borrower)
    # She records the step as a borrower does: the letter to the collector, sent that day.
    client.post(reverse("cases:steps", kwargs={"case_id": case.pk}), {"action": "demand_collector_stop", "on": sent.isoformat()})
    _log(case, sent)
    case.refresh_from_db()
    assert case.data["steps_taken"][-1] == {"action": "demand_collector_stop", "on": sent.isoformat()}

    response = client.post(reverse("cases:check_in", kwargs={"case_id": case.pk}), {"answer": "continued"}, follow=True)
    page = response.content.decode()
    case.refresh_from_db()
    assert case.data["steps_taken"][-1]["result"] == "continued"
    assert CheckIn.objects.get(case=case).answer == "continued"
    # Without JavaScript the message itself links the next step's letter, its own page (not the list of letters).
    lender_letter = reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "lender_complaint"})
    assert f'<a href="{lender_letter}">准备这一步的文书</a>' in page

    letter = client.get(lender_letter).content.decode()
    assert f"本人已于{clock.chinese_date(sent)}{ACTION_LABEL}，此后骚扰仍在继续。" in letter
    assert _since_sentence(sent) in letter


def test_the_since_sentence_is_left_out_until_an_answer_says_the_harassment_went_on(client, borrower):
    case = stored_case(borrower)
    sent = clock.today() - dt.timedelta(days=7)
    client.force_login(borrower)
    client.post(reverse("cases:steps", kwargs={"case_id": case.pk}), {"action": "demand_collector_stop", "on": sent.isoformat()})
    _log(case, sent)
    letter = client.get(reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "lender_complaint"})).content.decode()
    assert f"本人已于{clock.chinese_date(sent)}{ACTION_LABEL}。" in letter
    assert "以来，本人仍记录到" not in letter


def test_continued_about_one_carrier_links_the_appeal_about_that_carrier(client, borrower):
    case = stored_case(borrower)
    days = 15  # 电信用户申诉处理办法 第十条（四）: the carrier has 15 days to answer
    sent = clock.today() - dt.timedelta(days=days)
    client.force_login(borrower)
    client.post(reverse("cases:steps", kwargs={"case_id": case.pk}),
                {"action": "complain_carrier", "on": sent.isoformat(), "target": "中国移动"})
    _log(case, sent)
    response = client.post(reverse("cases:check_in", kwargs={"case_id": case.pk}), {"answer": "continued"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    appeal = reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "miit_appeal"}) + "?" + urlencode({"to": "中国移动"})
    assert f'href="{appeal.replace("&", "&amp;")}"' in body
    assert reverse("letters:list", kwargs={"case_id": case.pk}) + '"' not in body
    case.refresh_from_db()
    assert case.data["steps_taken"][-1]["result"] == "continued"
    # The appeal needs the addresses she types on its page; then it states the contacts since the complaint.
    client.post(reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "miit_appeal"}),
                {"to": "中国移动", **{f"input_{name}": value for name, value in COMPLETE_INPUTS["miit_appeal"].items()}})
    letter = client.get(appeal).content.decode()
    assert _since_sentence(sent, action="向号码所属运营商投诉", target="（中国移动）") in letter
