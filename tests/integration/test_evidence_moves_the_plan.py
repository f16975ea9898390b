"""Saved evidence and confirmed log entries move 保全证据 forward on their own, and the court step stops asking for
evidence once there is some (issue 14): the counts come through the case file (case_file_for `evidence_held`)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import LogEntry
from complaints.presenters.case_plan import case_plan_sections
from complaints.selectors.case_file import case_file_for, case_file_stored
from complaints.services.cases import case_create
from guidance import clock
from tests.factories import UserFactory
from tests.fixtures.evidence import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    owner = UserFactory()
    return case_create(owner=owner, actor=owner, data={
        "borrower": {"name": "赵敏", "phone": "+8613900139000"}, "collector": {"numbers": ["+8617012345678"]},
        "harassment": {"channels": ["sms"], "targets": ["self", "employer"], "content": ["threat_exposure", "insult"]},
        "wants": ["stop_harassment", "compensation"], "today": clock.today().isoformat()})


def _cards(case) -> dict:
    sections = case_plan_sections(case)
    return {card["id"]: card for group in ("do_now", "waiting", "later", "done") for card in sections[group]}


def _log(case, *, pending=False):
    LogEntry.objects.create(case=case, at=dt.datetime(2026, 3, 14, 14, 41, tzinfo=dt.UTC), channel="sms",
                            from_number="+8617012345678", target="self", text="再不还钱就告诉你单位", pending_review=pending)


def test_without_evidence_keeping_it_comes_first_and_the_court_step_waits_for_it(case):
    cards = _cards(case)
    assert cards["preserve_evidence"]["status"] == "do_now"
    assert cards["sue_in_court"]["status"] == "later" and "保全证据" in cards["sue_in_court"]["needs"]


def test_an_uploaded_file_marks_the_evidence_kept_and_the_court_step_no_longer_needs_it(client, case):
    client.force_login(case.owner)
    client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [SimpleUploadedFile("短信.png", samples.png())]})
    assert case_file_for(case)["evidence_held"] == {"files": 1, "log_entries": 0}
    cards = _cards(case)
    assert cards["preserve_evidence"]["status"] == "done" and "1份证据文件" in cards["preserve_evidence"]["why"]
    assert cards["sue_in_court"]["status"] == "do_now" and "需要先完成“保全证据”" not in cards["sue_in_court"]["why"]
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "需要先完成：保全证据" not in page


def test_confirmed_log_entries_count_and_imports_awaiting_review_do_not(case):
    _log(case, pending=True)
    assert _cards(case)["preserve_evidence"]["status"] == "do_now"
    _log(case)
    assert case_file_for(case, with_log=False)["evidence_held"] == {"files": 0, "log_entries": 1}
    assert _cards(case)["preserve_evidence"]["status"] == "done"


def test_the_counts_are_derived_never_exported(case):
    _log(case)
    assert "evidence_held" not in case_file_stored(case)


def test_a_case_file_that_states_counts_is_stored_without_them_and_counted_from_what_is_stored():
    owner = UserFactory()
    case = case_create(owner=owner, actor=owner, data={"evidence_held": {"files": 9, "log_entries": 9}, "today": clock.today().isoformat()})
    assert "evidence_held" not in case.data
    assert case_file_for(case)["evidence_held"] == {"files": 0, "log_entries": 0}
