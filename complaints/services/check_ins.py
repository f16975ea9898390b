"""Recording the answer to a case's check-in question. Atomic and audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.check_ins import ANSWERS, RESULT_OF_ANSWER
from complaints.models import Case, CheckIn
from complaints.selectors.check_ins import check_in_next_for_case
from complaints.services.audit import audit_record
from complaints.services.cases import case_section_update
from complaints.services.triage import case_refresh_priority
from guidance import clock


@transaction.atomic
def check_in_answer(*, case: Case, answer: str, actor, by_staff: bool = False, today: dt.date | None = None) -> list[CheckIn]:
    """Record the answer to the check-in due today: one CheckIn row per step asked about, dated `today`, and the
    answer written as each step's result in steps_taken ("stopped" → resolved; "continued" and "worse" → continued,
    which moves the plan on at once). `by_staff`: clinic staff recorded it from a call with the borrower.

    Atomic; audited ("case.check_in", plus the steps_taken section update). Idempotent in effect: once answered,
    no question is due, and a second tap records nothing and returns [] (the case's triage fields are refreshed).
    ValueError for an answer that is not one of complaints.check_ins.ANSWERS.
    """
    if answer not in ANSWERS:
        raise ValueError(f"unknown check-in answer {answer!r}")
    today = today or clock.today()
    case = Case.objects.select_for_update().get(pk=case.pk)
    due = check_in_next_for_case(case, today=today)
    if due is None or due.due_on > today:
        return []
    rows = [CheckIn(case=case, action=step.action, step_on=dt.date.fromisoformat(step.on), target=step.target, answer=answer,
                    answered_on=today, answered_by=actor if actor is not None and actor.is_authenticated else None, by_staff=by_staff)
            for step in due.steps]
    for row in rows:
        row.full_clean()
    CheckIn.objects.bulk_create(rows)
    result = RESULT_OF_ANSWER[answer]
    asked = {(step.action, step.on, step.target) for step in due.steps}
    steps = [dict(item) for item in case.data.get("steps_taken") or []]
    for step in steps:
        if (step.get("action"), step.get("on"), step.get("target", "")) in asked:
            step["result"] = result
    audit_record(actor=actor, action="case.check_in", subject=case, case_id=case.pk,
                 new={"answer": answer, "answered_on": today.isoformat(), "by_staff": by_staff, "again": due.again,
                      "steps": [{"action": step.action, "on": step.on, "target": step.target} for step in due.steps]})
    if steps != (case.data.get("steps_taken") or []):
        case = case_section_update(case=case, section="steps_taken", value=steps, actor=actor)
    case_refresh_priority(case=case, today=today)
    return rows


def check_in_answer_checked(*, case: Case, answer: str, actor, by_staff: bool = False) -> list[CheckIn]:
    """check_in_answer for a value from a form: ValidationError instead of ValueError for an unknown answer."""
    if answer not in ANSWERS:
        raise ValidationError(_("请选择一个回答。"), code="no_answer")
    return check_in_answer(case=case, answer=answer, actor=actor, by_staff=by_staff)
