"""The triage queue: the clinic's cases, most urgent first, filtered and searched (a number in any format)."""

import datetime as dt

from django.db.models import F, Q

from complaints.models import Case, CaseNumber
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


def search_filter(query: str) -> Q:
    """A name, a case number, a lender, or a phone number in any format: a collector's or the client's own."""
    query = query.strip()
    keys = number_search_keys(query) if any(char.isdigit() for char in query) else set()
    if keys:
        # Case numbers (ZR-…) always hold letters, so a number-only query is a phone number and nothing else.
        # One subquery of both indexes (UNION): an OR of the two would make the database scan every case.
        collector_cases = CaseNumber.objects.filter(number__in=keys).order_by().values("case_id")
        return Q(pk__in=collector_cases.union(Case.objects.filter(borrower_phone__in=keys).order_by().values("id")))
    return Q(reference=query.upper()) | Q(borrower_name__startswith=query) | Q(lender_name__startswith=query)


def queue_cases(*, clinic_ids, today: dt.date, status="", assignee="", priority_level=None, lender="",
                deadline="", query="", me=None):
    """The clinic's cases, most urgent first, filtered. One query for the page and one for the count."""
    cases = clinic_cases(clinic_ids).select_related("assignee")
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
    if query:
        cases = cases.filter(search_filter(query))
    return cases.order_by("-priority", F("next_deadline").asc(nulls_last=True), "-id").only(
        "id", "reference", "borrower_name", "lender_name", "status", "priority", "priority_reason", "next_deadline",
        "created_at", "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name",
    )
