"""Outcomes, counted honestly, on a seeded set of cases whose right answers this test works out on its own from the
table below: the staff page (this clinic's cases and all), `manage.py outcomes --json`, counts only, groups under
five cases left out, cases that never answered a check-in shown."""

import datetime as dt
import io
import json
import statistics

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints.models import Case, CheckIn
from complaints.services.cases import case_create, case_share_create
from complaints.services.triage import case_refresh_priority
from guidance import clock
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

# (first step, lender kind, collector, letter sent N days ago, days from the first question to the letter,
#  check-in answers as (days after the letter, answer))
SEED = [
    *[("demand_collector_stop", "consumer_finance", "甲信息咨询有限公司", 60, lag, [(10, "stopped")]) for lag in (0, 1, 2)],
    ("demand_collector_stop", "consumer_finance", "甲信息咨询有限公司", 60, 3, [(8, "continued"), (40, "stopped")]),
    ("demand_collector_stop", "consumer_finance", "甲信息咨询有限公司", 60, 4, [(8, "worse")]),
    ("demand_collector_stop", "consumer_finance", "甲信息咨询有限公司", 60, 5, []),
    *[("complain_lender", "microloan", "乙资产管理有限公司", 45, 6, [(20, "stopped")]) for _ in range(2)],
    *[("complain_lender", "microloan", "乙资产管理有限公司", 45, 7, []) for _ in range(3)],
    *[("complain_carrier", "bank", "丙公司", 50, 1, [(5, "stopped")]) for _ in range(2)],
    # Too recent to count: the first letter went out less than 30 days ago.
    *[("demand_collector_stop", "consumer_finance", "甲信息咨询有限公司", 10, 0, [(3, "stopped")]) for _ in range(3)],
]


def expected(seed, *, today):
    """The right answers, worked out from the table alone."""
    counted = [row for row in seed if row[3] >= 30]

    def stopped_in_30(row):
        return any(answer == "stopped" and after <= 30 for after, answer in row[5])

    def group(index):
        keys = sorted({row[index] for row in counted})
        rows = {key: [row for row in counted if row[index] == key] for key in keys}
        return {key: (len(members), sum(stopped_in_30(row) for row in members)) for key, members in rows.items() if len(members) >= 5}, \
            sum(1 for members in rows.values() if len(members) < 5)

    first_stopped = [min(after for after, answer in row[5] if answer == "stopped") for row in counted
                     if any(answer == "stopped" for _after, answer in row[5])]
    return {
        "counted": len(counted),
        "stopped": sum(stopped_in_30(row) for row in counted),
        "never_answered": sum(1 for row in counted if not row[5]),
        "by_first_step": group(0), "by_lender_kind": group(1), "by_collector": group(2),
        "median_to_letter": statistics.median(row[4] for row in counted),
        "median_to_stopped": statistics.median(first_stopped),
    }


@pytest.fixture
def seeded():
    today = clock.today()
    clinic, other = ClinicFactory(), ClinicFactory()
    for index, (action, kind, collector, ago, lag, answers) in enumerate(SEED):
        owner = UserFactory(username=f"+86138000{index:05d}", phone=f"+86138000{index:05d}")
        letter_on = today - dt.timedelta(days=ago)
        case = case_create(owner=owner, actor=owner, data={
            "borrower": {"name": f"借款人{index}"}, "lender": {"name": "某机构", "kind": kind}, "collector": {"name": collector},
            "steps_taken": [{"action": "preserve_evidence", "on": (letter_on - dt.timedelta(days=1)).isoformat()},
                            {"action": action, "on": letter_on.isoformat()}]})
        started = dt.datetime.combine(letter_on - dt.timedelta(days=lag), dt.time(10), tzinfo=clock.SHANGHAI)
        Case.objects.filter(pk=case.pk).update(created_at=started)
        for after, answer in answers:
            CheckIn.objects.create(case=case, action=action, step_on=letter_on, answer=answer,
                                   answered_on=letter_on + dt.timedelta(days=after), answered_by=owner)
        case_share_create(case=case, clinic=clinic if index % 4 else other, consent_text="同意", actor=owner)
    return clinic, other, today


def test_the_command_counts_what_the_table_says(seeded):
    _clinic, _other, today = seeded
    out = io.StringIO()
    call_command("outcomes", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    want = expected(SEED, today=today)
    assert summary["cases_counted"] == want["counted"]
    assert summary["overall"]["stopped"] == want["stopped"]
    assert summary["overall"]["share"] == round(want["stopped"] / want["counted"], 4)
    assert summary["never_answered"] == want["never_answered"]
    assert summary["median_days_question_to_letter"]["days"] == want["median_to_letter"]
    assert summary["median_days_letter_to_stopped"]["days"] == want["median_to_stopped"]
    for grouping, key in (("first_step", "by_first_step"), ("lender_kind", "by_lender_kind"), ("collector", "by_collector")):
        shown, hidden = want[key]
        assert {row["key"]: (row["cases"], row["stopped"]) for row in summary["groups"][grouping]["rows"]} == shown
        assert summary["groups"][grouping]["hidden_groups"] == hidden
    assert "借款人" not in out.getvalue()


def test_the_command_for_one_clinic_counts_only_its_cases(seeded):
    clinic, _other, today = seeded
    out = io.StringIO()
    call_command("outcomes", "--json", "--clinic", str(clinic.pk), stdout=out)
    mine = [row for index, row in enumerate(SEED) if index % 4]
    assert json.loads(out.getvalue())["cases_counted"] == expected(mine, today=today)["counted"]


def test_the_staff_page_shows_the_figures_the_chart_and_what_is_left_out(client, seeded):
    clinic, _other, today = seeded
    client.force_login(StaffFactory(clinic=clinic))
    want = expected(SEED, today=today)
    page = client.get(reverse("staff:outcomes") + "?scope=all").content.decode()
    percent = round(want["stopped"] / want["counted"] * 100)
    assert f"{want['stopped']} / {want['counted']}（{percent}%）" in page
    assert "<svg" in page and 'role="img"' in page and "<script" not in page.split("<main")[1]
    assert "要求催收方停止违规催收" in page and "丙公司" not in page  # a group of two is not shown…
    assert "另有 1 个组（共 2 个案件）不足 5 个案件，未显示。" in page  # …but counted as left out
    assert "从未回答过回访的案件" in page
    assert "借款人" not in page
    mine = [row for index, row in enumerate(SEED) if index % 4]
    page = client.get(reverse("staff:outcomes")).content.decode()
    assert f"<dd>{expected(mine, today=today)['counted']}</dd>" in page


def test_a_clinic_with_fewer_than_five_cases_shows_no_share(client):
    clinic = ClinicFactory()
    owner = UserFactory()
    case = case_create(owner=owner, actor=owner, data={"steps_taken": [
        {"action": "demand_collector_stop", "on": (timezone.localdate() - dt.timedelta(days=40)).isoformat()}]})
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=owner)
    client.force_login(StaffFactory(clinic=clinic))
    page = client.get(reverse("staff:outcomes")).content.decode()
    assert "案件不足 5 个，不显示" in page


def test_seed_demo_answers_check_ins_as_borrowers_do_and_the_outcomes_count_them():
    call_command("seed_demo", cases=60, logs_per_case=2, stdout=io.StringIO())
    seeded = Case.objects.filter(owner__username__startswith="seed-")
    answers = CheckIn.objects.filter(case__in=seeded)
    assert answers.filter(answer="stopped").exists() and answers.filter(answer="continued").exists()
    results = {"stopped": "resolved", "continued": "continued", "worse": "continued"}
    for answer in answers.select_related("case"):
        step = next(step for step in answer.case.data["steps_taken"] if step["action"] == answer.action)
        assert step["result"] == results[answer.answer]
    summary = json.loads(_outcomes_json())
    assert summary["cases_with_a_letter"] == sum(1 for case in seeded if case.data.get("steps_taken"))
    # The stored day each check-in comes due is what the services would store.
    for case in seeded[:20]:
        stored = case.check_in_due_on
        assert case_refresh_priority(case=case).check_in_due_on == stored


def _outcomes_json():
    out = io.StringIO()
    call_command("outcomes", "--json", stdout=out)
    return out.getvalue()
