"""Keeps a case's triage fields (priority, its reason, the next deadline) in step with its case file and log.

Atomic; audited when the priority level or the deadline changes. The scoring itself is the pure
function complaints.triage.compute_priority; the deadline comes from the plan engine.
"""

import datetime as dt

from django.db import transaction

from complaints.models import Case, CheckIn
from complaints.selectors.case_file import case_file_for, log_analysis_for
from complaints.selectors.check_ins import check_in_next_for_case
from complaints.services.audit import audit_record
from complaints.triage import compute_priority, deadline_from_case_file
from guidance import clock

# --- triage ---

@transaction.atomic
def case_refresh_priority(*, case: Case, today: dt.date | None = None) -> Case:
    """Recompute the case's triage fields (priority, reason, next deadline, the day its check-in comes due) from its
    case file, its log and its check-in answers.

    Call it whenever the case file or its log changes. Idempotent; audited only when the priority
    level or the deadline actually changes, so routine refreshes do not flood the audit log.
    """
    today = today or clock.today()
    case_file = case_file_for(case, today=today, with_log=False)
    # The summary as stored now: the caller's copy of the case may predate the log's last change.
    case.refresh_from_db(fields=["log_summary"])
    summary = log_analysis_for(case)
    next_deadline = deadline_from_case_file(case_file, today=today)
    latest_answer = CheckIn.objects.filter(case=case).order_by("-answered_on", "-id").values_list("answer", flat=True).first()
    priority = compute_priority(case_file, summary, today=today, next_deadline=next_deadline, reported_worse=latest_answer == "worse")
    check_in = check_in_next_for_case(case, today=today, case_file=case_file)
    check_in_due_on = check_in.due_on if check_in else None
    old = {"priority": case.priority, "next_deadline": case.next_deadline.isoformat() if case.next_deadline else None}
    new = {"priority": priority.score, "next_deadline": next_deadline.isoformat() if next_deadline else None}
    changed = ((case.priority, case.priority_reason, case.next_deadline, case.check_in_due_on)
               != (priority.score, priority.code, next_deadline, check_in_due_on))
    if changed:
        Case.objects.filter(pk=case.pk).update(priority=priority.score, priority_reason=priority.code, next_deadline=next_deadline,
                                               check_in_due_on=check_in_due_on)
        case.priority, case.priority_reason, case.next_deadline = priority.score, priority.code, next_deadline
        case.check_in_due_on = check_in_due_on
    if old["priority"] // 100 != new["priority"] // 100 or old["next_deadline"] != new["next_deadline"]:
        audit_record(actor=None, action="case.priority_refresh", subject=case, case_id=case.pk, old=old, new=new)
    return case
