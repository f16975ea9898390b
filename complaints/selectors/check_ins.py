"""Reads for check-ins: the question a case asks now (with what its log shows since the step), and the cases due one."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q

from complaints.check_ins import Answer, CheckInDue, check_in_next
from complaints.models import Case, CheckIn, LogEntry
from complaints.selectors.case_file import case_file_for, evidence_held_by_case
from complaints.selectors.staff_clinic import clinic_cases
from guidance import clock, vocabulary

# The deadlines page lists the oldest due first, a page at a time: each question is a card with its own form, and a
# big clinic has thousands due, so a page is what a caller works through before the next.
CHECK_INS_PER_PAGE = 20
# Counted up to this many (the page then says "more than"), so the count stops early instead of visiting them all.
CHECK_INS_LIST_CAP = 1000


def check_in_answers(case: Case) -> list[Answer]:
    """The case's recorded answers, oldest first (a later answer about a step replaces an earlier one)."""
    return _answers_by_case([case.pk]).get(case.pk, [])


def _answers_by_case(case_ids) -> dict[int, list[Answer]]:
    """check_in_answers of many cases in one query."""
    answers: dict[int, list[Answer]] = {}
    for row in CheckIn.objects.filter(case_id__in=case_ids).order_by("answered_on", "id"):
        answers.setdefault(row.case_id, []).append(Answer(row.action, row.step_on.isoformat(), row.target, row.answer, row.answered_on))
    return answers


def check_in_next_for_case(case: Case, *, today: dt.date, case_file: dict | None = None,
                           answers: list[Answer] | None = None) -> CheckInDue | None:
    """complaints.check_ins.check_in_next for a stored case, with the intervals of the settings (`answers`: its
    check_in_answers when the caller has them)."""
    case_file = case_file if case_file is not None else case_file_for(case, today=today, with_log=False)
    return check_in_next(case_file, answers if answers is not None else check_in_answers(case), today=today,
                         practical_days=settings.CHECK_IN_PRACTICAL_DAYS, again_days=settings.CHECK_IN_AGAIN_DAYS)


def _day_after(since: dt.date) -> dt.datetime:
    return dt.datetime.combine(since + dt.timedelta(days=1), dt.time.min, tzinfo=clock.SHANGHAI)


def _contacts_since_by_case(since_by_case: dict[int, dt.date]) -> dict[int, dict]:
    """Confirmed log entries after the day `since` (Asia/Shanghai) of each case, how many and from how many numbers:
    all the cases in one grouped query."""
    if not since_by_case:
        return {}
    after = Q()
    for case_id, since in since_by_case.items():
        after |= Q(case_id=case_id, at__gte=_day_after(since))
    rows = (LogEntry.objects.filter(after, pending_review=False).values("case_id")
            .annotate(contacts=Count("id"), numbers=Count("from_number", distinct=True, filter=~Q(from_number=""))))
    return {row["case_id"]: {"contacts": row["contacts"], "numbers": row["numbers"]} for row in rows}


def check_in_question(case: Case, *, today: dt.date | None = None, evidence: dict | None = None) -> dict | None:
    """What the case hub, 我的案件 and the deadlines page show when a check-in is due today (else None): the steps
    asked about (with their titles), the date contacts are counted from, and the log's count since then.
    `evidence`: the case's evidence_held, when the caller has read it already (the hub)."""
    return check_in_questions([case], today=today, evidence=None if evidence is None else {case.pk: evidence})[0]


def check_in_questions(cases, *, today: dt.date | None = None, evidence: dict[int, dict] | None = None) -> list[dict | None]:
    """check_in_question of each case, in a fixed number of queries however many cases (the deadlines page lists
    up to CHECK_INS_PER_PAGE): answers and contact counts are read for all of them at once, and the case file
    without its entries (the stored log summary stands in for them). `evidence`: evidence_held of every case by id,
    when the caller has read it already."""
    today = today or clock.today()
    cases = list(cases)
    waiting = [case for case in cases if case.check_in_due_on is not None and case.check_in_due_on <= today]
    answers = _answers_by_case([case.pk for case in waiting]) if waiting else {}
    if evidence is None:
        evidence = evidence_held_by_case([case.pk for case in waiting]) if waiting else {}
    due_by_case = {}
    for case in waiting:
        case_file = case_file_for(case, today=today, with_log=False, evidence=evidence[case.pk])
        due = check_in_next_for_case(case, today=today, case_file=case_file, answers=answers.get(case.pk, []))
        if due is not None and due.due_on <= today:
            due_by_case[case.pk] = due
    counts = _contacts_since_by_case({case_id: due.since for case_id, due in due_by_case.items()})
    questions = []
    for case in cases:
        due = due_by_case.get(case.pk)
        if due is None:
            questions.append(None)
            continue
        steps = [{"action": step.action, "title": vocabulary.label("ACTIONS", step.action), "on": dt.date.fromisoformat(step.on),
                  "target": step.target, "basis": step.basis, "days": step.days}
                 for step in due.steps]
        questions.append({"case": case, "due_on": due.due_on, "again": due.again, "since": due.since, "steps": steps,
                          **counts.get(case.pk, {"contacts": 0, "numbers": 0})})
    return questions


def cases_due_check_in(*, clinic_ids, today: dt.date):
    """The clinic's open cases whose check-in is due, the longest waiting first (paged by the caller)."""
    return (clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED).filter(check_in_due_on__lte=today)
            .select_related("assignee").order_by("check_in_due_on", "-priority", "id"))
