"""Reads for the outcomes: each case as a complaints.outcomes.CaseOutcome, for one clinic's cases or for all."""

import datetime as dt

from django.utils import timezone

from complaints.check_ins import asked_actions
from complaints.models import Case, CheckIn
from complaints.outcomes import CaseOutcome, outcomes_summary
from complaints.selectors.staff_clinic import clinic_cases
from guidance import clock
from guidance import ladder as ladders


def outcome_records(cases) -> list[CaseOutcome]:
    """One record per case of the queryset `cases`: its first step sent (steps_taken), lender kind, collector name,
    and its check-in answers."""
    asked = set(asked_actions(ladders.load()))
    answers: dict[int, list[tuple[str, dt.date]]] = {}
    for case_id, answer, answered_on in CheckIn.objects.filter(case__in=cases).values_list("case_id", "answer", "answered_on"):
        answers.setdefault(case_id, []).append((answer, answered_on))
    records = []
    for case_id, created_at, lender_kind, data in cases.values_list("id", "created_at", "lender_kind", "data").iterator(chunk_size=500):
        data = data or {}
        sent = sorted((step["on"], step["action"]) for step in data.get("steps_taken") or () if step.get("action") in asked)
        first_on, first_step = (dt.date.fromisoformat(sent[0][0]), sent[0][1]) if sent else (None, None)
        own = answers.get(case_id, [])
        stopped = sorted(on for answer, on in own if answer == "stopped" and first_on is not None and on >= first_on)
        records.append(CaseOutcome(
            started_on=timezone.localtime(created_at, clock.SHANGHAI).date(), first_step=first_step, first_letter_on=first_on,
            lender_kind=lender_kind or "unknown", collector=((data.get("collector") or {}).get("name") or "").strip(),
            stopped_on=stopped[0] if stopped else None, answered=bool(own)))
    return records


def outcomes_for(*, clinic_ids=None, today: dt.date | None = None) -> dict:
    """complaints.outcomes.outcomes_summary of the clinics' cases (None: every case)."""
    cases = clinic_cases(clinic_ids) if clinic_ids is not None else Case.objects.all()
    return outcomes_summary(outcome_records(cases), today=today or clock.today())
