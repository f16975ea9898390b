"""Reads for check-ins: the question a case asks now (with what its log shows since the step), and the cases due one."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q

from complaints.check_ins import Answer, CheckInDue, check_in_next
from complaints.models import Case, CheckIn, LogEntry
from complaints.selectors.case_file import case_file_for
from complaints.selectors.staff_clinic import clinic_cases
from guidance import clock, vocabulary

# The deadlines page lists the oldest due first; the rest come into view as these are answered.
CHECK_INS_PER_PAGE = 50


def check_in_answers(case: Case) -> list[Answer]:
    """The case's recorded answers, oldest first (a later answer about a step replaces an earlier one)."""
    return [Answer(row.action, row.step_on.isoformat(), row.target, row.answer, row.answered_on)
            for row in CheckIn.objects.filter(case=case).order_by("answered_on", "id")]


def check_in_next_for_case(case: Case, *, today: dt.date, case_file: dict | None = None) -> CheckInDue | None:
    """complaints.check_ins.check_in_next for a stored case, with the intervals of the settings."""
    case_file = case_file if case_file is not None else case_file_for(case, today=today, with_log=False)
    return check_in_next(case_file, check_in_answers(case), today=today, practical_days=settings.CHECK_IN_PRACTICAL_DAYS,
                         again_days=settings.CHECK_IN_AGAIN_DAYS)


def contacts_since(case: Case, since: dt.date) -> dict:
    """Confirmed log entries after the day `since` (Asia/Shanghai): how many, and from how many numbers."""
    start = dt.datetime.combine(since + dt.timedelta(days=1), dt.time.min, tzinfo=clock.SHANGHAI)
    counts = LogEntry.objects.filter(case=case, pending_review=False, at__gte=start).aggregate(
        contacts=Count("id"), numbers=Count("from_number", distinct=True, filter=~Q(from_number="")))
    return {"contacts": counts["contacts"], "numbers": counts["numbers"]}


def check_in_question(case: Case, *, today: dt.date | None = None) -> dict | None:
    """What the case hub, 我的案件 and the deadlines page show when a check-in is due today (else None): the steps
    asked about (with their titles), the date contacts are counted from, and the log's count since then."""
    today = today or clock.today()
    if case.check_in_due_on is None or case.check_in_due_on > today:
        return None
    due = check_in_next_for_case(case, today=today)
    if due is None or due.due_on > today:
        return None
    steps = [{"action": step.action, "title": vocabulary.label("ACTIONS", step.action), "on": dt.date.fromisoformat(step.on),
              "target": step.target, "basis": step.basis, "days": step.days}
             for step in due.steps]
    return {"case": case, "due_on": due.due_on, "again": due.again, "since": due.since, "steps": steps,
            **contacts_since(case, due.since)}


def cases_due_check_in(*, clinic_ids, today: dt.date):
    """The clinic's open cases whose check-in is due, the longest waiting first."""
    return (clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED).filter(check_in_due_on__lte=today)
            .select_related("assignee").order_by("check_in_due_on", "-priority", "id")[:CHECK_INS_PER_PAGE])


def cases_due_check_in_count(*, clinic_ids, today: dt.date) -> int:
    return clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED).filter(check_in_due_on__lte=today).count()
