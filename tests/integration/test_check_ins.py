"""Check-ins: when a step's waiting period ends (the ladder's answer period, or the stated practical interval where
no law sets one) the case hub, 我的案件 and the clinic's deadlines page ask whether the harassment stopped; the answer
becomes the step's result, dated and audited, and moves the plan on or asks again 30 days later."""

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.check_ins import asked_actions
from complaints.models import AuditEvent, Case, CheckIn, LogEntry
from complaints.services.cases import case_create, case_share_create
from complaints.services.log import log_entry_create
from complaints.triage import reason_text
from guidance import clock
from guidance import ladder as ladders
from guidance.vocabulary import terms
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTION = "自从寄出/提交以来，骚扰停止了、还在继续，还是更严重了？"
BANK_CASE = {"lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"}, "harassment": {"channels": ["call"]}}
PHONE_CASE = {"lender": {"name": "某某小贷", "kind": "microloan"}, "collector": {"numbers": ["13912345678"]}, "harassment": {"channels": ["sms"]}}


def _days(action, case_file):
    """The answer period the ladder gives `action` in this case (what the plan waits for), or None."""
    wait = ladders.load().answer_period(action, case_file)
    return wait.days if wait else None


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


def _case(borrower, base, action, days_ago):
    on = (clock.today() - dt.timedelta(days=days_ago)).isoformat()
    return case_create(owner=borrower, actor=borrower, data={**base, "steps_taken": [{"action": action, "on": on}]})


def _hub(client, case):
    return client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()


# Each waiting period of the ladder that a step starts, and the practical interval for a step without one.
PERIODS = [("complain_lender", BANK_CASE), ("complain_carrier", PHONE_CASE)]


def test_the_periods_walked_here_are_every_answer_period_the_ladder_gives_a_step_asked_about():
    """A new waiting period in the ladder cannot go untested: every (asked action) with a period under some lender
    kind is one of PERIODS."""
    ladder = ladders.load()
    with_period = {action for action in asked_actions(ladder)
                   for kind in [term.value for term in terms("LENDER_KINDS")]
                   if ladder.answer_period(action, {**PHONE_CASE, "lender": {"kind": kind}}) is not None}
    assert with_period == {action for action, _base in PERIODS}


@pytest.mark.parametrize(("action", "base"), PERIODS)
def test_the_question_comes_when_the_ladders_answer_period_ends(client, borrower, action, base):
    days = _days(action, base)
    assert days  # the ladder gives this step a period in this case
    client.force_login(borrower)
    not_yet = _case(borrower, base, action, days - 1)
    assert QUESTION not in _hub(client, not_yet)
    due = _case(borrower, base, action, days)
    assert Case.objects.get(pk=due.pk).check_in_due_on == clock.today()
    page = _hub(client, due)
    assert QUESTION in page
    assert f"法定答复期限 {days} 天已到" in page


@pytest.mark.parametrize("interval", [5, 9])
def test_a_step_without_a_legal_period_is_asked_about_after_the_stated_practical_interval(client, borrower, interval):
    assert _days("demand_collector_stop", BANK_CASE) is None
    client.force_login(borrower)
    with override_settings(CHECK_IN_PRACTICAL_DAYS=interval):
        not_yet = _case(borrower, BANK_CASE, "demand_collector_stop", interval - 1)
        due = _case(borrower, BANK_CASE, "demand_collector_stop", interval)
        assert QUESTION not in _hub(client, not_yet)
        page = _hub(client, due)
    assert QUESTION in page
    assert f"按惯例 {interval} 天后回访" in page


def test_the_log_gives_its_own_evidence_beside_the_question(client, borrower):
    case = _case(borrower, BANK_CASE, "complain_lender", 15)
    step_day = clock.today() - dt.timedelta(days=15)
    at = dt.datetime.combine(step_day, dt.time(12), tzinfo=clock.SHANGHAI)
    # The step's own day is not "after" it; two numbers afterwards, one entry still waiting for review.
    LogEntry.objects.create(case=case, at=at, channel="call", from_number="+8617012345678")
    for offset, number in [(1, "+8617012345678"), (2, "+8617012345679"), (3, "+8617012345679"), (4, "")]:
        LogEntry.objects.create(case=case, at=at + dt.timedelta(days=offset), channel="call", from_number=number)
    LogEntry.objects.create(case=case, at=at + dt.timedelta(days=5), channel="sms", from_number="+8617000000000", pending_review=True)
    client.force_login(borrower)
    page = _hub(client, case)
    assert f"{clock.chinese_date(step_day)}之后：4 次联系，来自 2 个号码" in page


def test_continued_is_the_steps_result_moves_the_plan_on_at_once_and_offers_the_next_letter(client, borrower):
    days = _days("complain_lender", BANK_CASE)
    case = _case(borrower, BANK_CASE, "complain_lender", days)
    client.force_login(borrower)
    # On the period's last day the plan still waits for the lender's answer.
    assert 'id="action-complain_regulator" data-status="waiting"' in _hub(client, case)
    url = reverse("cases:check_in", kwargs={"case_id": case.pk})
    response = client.post(url, {"answer": "continued"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "计划已经前进到下一步" in body
    assert reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "regulator_complaint"}) in body
    case.refresh_from_db()
    assert case.data["steps_taken"][0]["result"] == "continued"
    assert case.check_in_due_on is None  # the next step taken gets its own question
    row = CheckIn.objects.get(case=case)
    assert (row.action, row.answer, row.answered_on, row.by_staff, row.answered_by) == ("complain_lender", "continued", clock.today(), False, borrower)
    event = AuditEvent.objects.get(action="case.check_in", case_id=case.pk)
    assert event.actor == borrower and event.new_value["answer"] == "continued"
    hub = _hub(client, case)
    assert QUESTION not in hub
    assert 'id="action-complain_regulator" data-status="do_now"' in hub


def test_worse_is_recorded_as_continued_with_its_flag(client, borrower):
    case = _case(borrower, BANK_CASE, "complain_lender", 20)
    client.force_login(borrower)
    response = client.post(reverse("cases:check_in", kwargs={"case_id": case.pk}), {"answer": "worse"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.data["steps_taken"][0]["result"] == "continued"
    assert CheckIn.objects.get(case=case).answer == "worse"
    assert "求助人在回访中说骚扰更严重了" in reason_text(case.priority_reason) and case.priority >= 200  # the clinic's queue sees it


def test_stopped_closes_the_line_and_the_question_comes_back_after_30_days(client, borrower, monkeypatch, settings):
    settings.CHECK_IN_AGAIN_DAYS = 30
    case = _case(borrower, {**BANK_CASE, "steps_taken": []}, "demand_collector_stop", 10)
    client.force_login(borrower)
    url = reverse("cases:check_in", kwargs={"case_id": case.pk})
    response = client.post(url, {"answer": "stopped", "next": reverse("cases:list")})
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")
    case.refresh_from_db()
    assert case.data["steps_taken"][0]["result"] == "resolved"
    assert case.check_in_due_on == clock.today() + dt.timedelta(days=30)
    hub = _hub(client, case)
    assert QUESTION not in hub
    # The resolved step closes the line: the escalation that stops when resolved is not needed now.
    assert 'id="action-complain_lender"' not in hub or 'data-status="do_now"' not in hub.split('id="action-complain_lender"')[1][:40]
    # A second tap records nothing more.
    client.post(url, {"answer": "continued"})
    assert CheckIn.objects.filter(case=case).count() == 1

    later = clock.today() + dt.timedelta(days=30)
    monkeypatch.setattr(clock, "today", lambda: later)
    hub = _hub(client, case)
    assert QUESTION in hub and "回访：骚扰还停着吗？" in hub
    client.post(url, {"answer": "continued"})
    case.refresh_from_db()
    assert case.data["steps_taken"][0]["result"] == "continued"
    assert list(CheckIn.objects.filter(case=case).values_list("answer", "answered_on")) == [
        ("stopped", later - dt.timedelta(days=30)), ("continued", later)]


def test_one_answer_covers_every_step_due_and_leaves_a_step_still_in_its_period(client, borrower):
    today = clock.today()
    data = {**BANK_CASE, "steps_taken": [{"action": "demand_collector_stop", "on": (today - dt.timedelta(days=8)).isoformat()},
                                         {"action": "complain_lender", "on": (today - dt.timedelta(days=3)).isoformat()}]}
    case = case_create(owner=borrower, actor=borrower, data=data)
    client.force_login(borrower)
    client.post(reverse("cases:check_in", kwargs={"case_id": case.pk}), {"answer": "continued"})
    case.refresh_from_db()
    results = {step["action"]: step.get("result") for step in case.data["steps_taken"]}
    assert results == {"demand_collector_stop": "continued", "complain_lender": None}
    assert case.check_in_due_on == today - dt.timedelta(days=3) + dt.timedelta(days=_days("complain_lender", BANK_CASE))


def test_my_cases_asks_the_question(client, borrower):
    case = _case(borrower, BANK_CASE, "complain_lender", 16)
    _case(borrower, BANK_CASE, "complain_lender", 2)
    client.force_login(borrower)
    page = client.get(reverse("cases:list")).content.decode()
    assert page.count(QUESTION) == 1
    assert reverse("cases:check_in", kwargs={"case_id": case.pk}) in page


def test_an_answer_that_is_not_one_of_the_three_records_nothing(client, borrower):
    case = _case(borrower, BANK_CASE, "complain_lender", 16)
    client.force_login(borrower)
    response = client.post(reverse("cases:check_in", kwargs={"case_id": case.pk}), {"answer": "maybe"}, follow=True)
    assert "请选择一个回答" in response.content.decode()
    assert not CheckIn.objects.exists()
    assert client.get(reverse("cases:check_in", kwargs={"case_id": case.pk})).status_code == 405


def test_clinic_staff_see_their_cases_due_and_record_the_answer_from_a_call(client, borrower):
    clinic = ClinicFactory()
    due = _case(borrower, BANK_CASE, "complain_lender", 15)
    not_due = _case(borrower, BANK_CASE, "complain_lender", 1)
    other_clinic = _case(borrower, BANK_CASE, "complain_lender", 15)
    for case in (due, not_due):
        case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    case_share_create(case=other_clinic, clinic=ClinicFactory(), consent_text="同意", actor=borrower)
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    page = client.get(reverse("staff:deadlines")).content.decode()
    assert "到期回访（1）" in page
    assert due.reference in page and not_due.reference not in page and other_clinic.reference not in page
    response = client.post(reverse("cases:check_in", kwargs={"case_id": due.pk}), {"answer": "stopped", "next": reverse("staff:deadlines")})
    assert response["Location"] == reverse("staff:deadlines")
    row = CheckIn.objects.get(case=due)
    assert row.by_staff and row.answered_by == staff
    event = AuditEvent.objects.get(action="case.check_in", case_id=due.pk)
    assert event.actor == staff and event.new_value["by_staff"] is True
    assert "到期回访（0）" in client.get(reverse("staff:deadlines")).content.decode()


def test_the_question_in_english(client, borrower, settings):
    case = _case(borrower, BANK_CASE, "complain_lender", 15)
    client.force_login(borrower)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Since you sent or submitted it, has the harassment stopped, gone on, or got worse?" in page
    assert "Complain to the lender" in page and "The legal answer period of 15 days has ended." in page


def test_the_staff_case_page_asks_the_question_for_a_call(client, borrower):
    clinic = ClinicFactory()
    case = _case(borrower, BANK_CASE, "complain_lender", 15)
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    client.force_login(StaffFactory(clinic=clinic))
    page = client.get(reverse("staff:case", kwargs={"case_id": case.pk})).content.decode()
    assert QUESTION in page and "请按求助人在电话里的回答记录" in page


def test_the_deadlines_page_reads_a_fixed_number_of_queries_however_many_check_ins_are_due(client, borrower):
    """Each due case's question, its answers and its contacts since the step are read for all the listed cases at
    once: the page costs the same number of queries for 2 cases due as for 6."""
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)

    def add_due_cases(count):
        for _ in range(count):
            case = _case(borrower, BANK_CASE, "complain_lender", 15)
            case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
            log_entry_create(actor=borrower, case=case, at=dt.datetime.now(clock.SHANGHAI), channel="call",
                             from_number="+8617012345678", target="self", text="")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("staff:deadlines")).content.decode()
        return len(captured), page

    add_due_cases(2)
    queries()  # the first request of a session writes to it; the ones measured below do not
    few, page = queries()
    assert "到期回访（2）" in page
    add_due_cases(4)
    many, page = queries()
    assert "到期回访（6）" in page and page.count("1 次联系，来自 1 个号码") == 6
    assert many == few
