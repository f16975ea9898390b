"""The triage queue: the clinic's cases, most urgent first, filtered and searched (a number in any format)."""

import datetime as dt

from django.db.models import F, Q

from complaints.models import Case, SharedNumber
from complaints.selectors.staff_clinic import clinic_cases
from guidance.phones import normalize_number

QUEUE_PAGE_SIZE = 50
# Staff triage from the top and narrow down with filters; pages past this many cases would cost a scan of
# the whole clinic (COUNT and deep OFFSET) for a view nobody works from.
QUEUE_LIST_CAP = 1000


def number_search_keys(text: str) -> set[str]:
    """The stored form (CaseNumber.number) of a number typed in any format; empty when it is not a number."""
    normalized = normalize_number(text)
    return {normalized} if normalized else set()


def number_search_cases(query: str, *, clinic_ids):
    """The ids of the clinics' cases a phone number (typed in any format) names, as a collector's number or the
    client's own; None when the query is no phone number.

    The collector's side is read from SharedNumber's index (number, clinic, …), which holds only the clinics'
    active shares: a number that harassed thousands of clients costs an index range, not a join with every share
    of the clinic. One subquery of both indexes (UNION): an OR of the two would make the database scan every case."""
    query = query.strip()
    keys = number_search_keys(query) if any(char.isdigit() for char in query) else set()
    if not keys:
        return None
    collector_cases = SharedNumber.objects.filter(clinic_id__in=clinic_ids, number__in=keys).order_by().values("case_id")
    own_cases = clinic_cases(clinic_ids).filter(borrower_phone__in=keys).order_by().values("id")
    return collector_cases.union(own_cases)


def search_filter(query: str) -> Q:
    """A name, a case number or a lender (a phone number goes through number_search_cases)."""
    query = query.strip()
    return Q(reference=query.upper()) | Q(borrower_name__startswith=query) | Q(lender_name__startswith=query)


def queue_cases(*, clinic_ids, today: dt.date, status="", assignee="", priority_level=None, lender="",
                deadline="", query="", me=None):
    """The clinic's cases, most urgent first, filtered: only the columns a row of the queue shows (complaints.presenters
    .staff_queue), as dicts. One query for the page and one for the count."""
    # Case numbers (ZR-…) always hold letters, so a number-only query is a phone number and nothing else.
    by_number = number_search_cases(query, clinic_ids=clinic_ids) if query else None
    cases = Case.objects.filter(pk__in=by_number) if by_number is not None else clinic_cases(clinic_ids)
    if status:
        cases = cases.filter(status=status)
    if assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif assignee == "me" and me is not None:
        cases = cases.filter(assignee=me)
    elif assignee:
        cases = cases.filter(assignee_id=assignee)
    if priority_level is not None:
        cases = cases.filter(priority__gte=priority_level * 100, priority__lt=(priority_level + 1) * 100)
    if lender:
        cases = cases.filter(lender_name__startswith=lender)
    if deadline == "overdue":
        cases = cases.filter(next_deadline__lt=today)
    elif deadline == "today":
        cases = cases.filter(next_deadline=today)
    elif deadline == "week":
        cases = cases.filter(next_deadline__gte=today, next_deadline__lte=today + dt.timedelta(days=7))
    elif deadline == "none":
        cases = cases.filter(next_deadline__isnull=True)
    if query and by_number is None:
        cases = cases.filter(search_filter(query))
    return cases.order_by("-priority", F("next_deadline").asc(nulls_last=True), "-id").values(
        "id", "reference", "borrower_name", "lender_name", "status", "priority", "priority_reason", "next_deadline",
        "assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name",
    )


def queue_selection(*, clinic_ids, case_ids) -> list[dict]:
    """The cases among `case_ids` that are in the clinics' queue (shared with one of them, not withdrawn), by case
    number, as {"id", "reference"}: what a batch of several cases' letters may take. Any other id (another clinic's
    case, a share withdrawn, a forged number) is simply not there. One query."""
    return list(clinic_cases(clinic_ids).filter(pk__in=case_ids).order_by("reference").values("id", "reference"))
