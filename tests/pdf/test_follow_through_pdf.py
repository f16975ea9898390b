"""Issue 19 in the real PDFs: after the letter to the collector was answered `continued`, the next letters state the
contacts the log holds since it was sent, and the repayment letter states the offer her own figures give (she typed
only what no figure of hers tells); the repayment letter's page warns against paid services in both languages."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from complaints.management.letter_samples import stored_case
from complaints.models import Letter, LogEntry
from guidance import clock
from guidance.negotiation import paid_services_warning
from tests.factories import UserFactory
from tests.pdf_tools import pdf_text

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.SHANGHAI)


@pytest.fixture
def case(client):
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = stored_case(owner)
    client.force_login(owner)
    sent = clock.today() - dt.timedelta(days=10)
    client.post(reverse("cases:steps", kwargs={"case_id": case.pk}),
                {"action": "demand_collector_stop", "on": sent.isoformat(), "result": "continued"})
    LogEntry.objects.create(case=case, at=_at(sent - dt.timedelta(days=1), 9), channel="call", from_number="+8617012345678")
    for offset, number in [(2, "+8617012345678"), (3, "+8613912345678"), (6, "+8613912345678")]:
        LogEntry.objects.create(case=case, at=_at(sent + dt.timedelta(days=offset), 22), channel="call", from_number=number)
    client.post(reverse("cases:negotiation", kwargs={"case_id": case.pk}),
                {"monthly_income": "7000", "essential_spending": "5000", "amount_owed": "9000"})
    case.refresh_from_db()
    case.sent = sent
    return case


def _pdf(client, case, kind: str) -> tuple[Letter, str]:
    client.post(reverse("letters:generate", kwargs={"case_id": case.pk, "kind": kind}))
    letter = Letter.objects.get(case=case, kind=kind)
    response = client.get(reverse("letters:download", kwargs={"case_id": case.pk, "letter_id": letter.pk}))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return letter, flat(pdf_text(body))


def _since(case) -> str:
    # Three calls after the day it was sent, from two numbers (the call the day before is not "since").
    last = clock.chinese_date(case.sent + dt.timedelta(days=6))
    return (f"自{clock.chinese_date(case.sent)}本人书面要求催收方停止违规催收以来，本人仍记录到催收方3次联系（电话3次），"
            f"来自2个号码，最近一次在{last}。")


def test_the_lender_complaint_states_the_contacts_since_the_letter_to_the_collector(client, case):
    _letter, text = _pdf(client, case, "lender_complaint")
    assert flat(_since(case)) in text


def test_the_repayment_letter_states_the_offer_of_her_figures_and_its_page_warns_in_both_languages(client, case, settings):
    # She types only the hardship and the first payment's date; the amount and the instalments come from her figures:
    # half of the 2000 left each month is 1000, and 9000 owed takes 9 instalments.
    client.post(reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "repayment_proposal"}),
                {"input_hardship": "本人于2026年1月失业，目前靠打零工维持生活", "input_first_payment_date": "2027-01-10"})
    letter, text = _pdf(client, case, "repayment_proposal")
    assert flat("同意本人自2027年1月10日起每月还款人民币1000元，分9期还清。") in text
    assert flat("无论是否同意上述方案") in text
    assert flat(_since(case)) in text
    assert "7000" not in text and "5000" not in text  # her income and spending stay in her case
    sent_page = reverse("letters:sent", kwargs={"case_id": case.pk, "letter_id": letter.pk})
    assert paid_services_warning().zh in client.get(sent_page).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert paid_services_warning().en.replace("'", "&#x27;") in client.get(sent_page).content.decode()
