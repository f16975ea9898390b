"""Deadlines: the clinic's waiting periods that ended without a reply, end today, or end this week."""

import datetime as dt

from complaints.models import Case
from complaints.selectors.staff_clinic import clinic_cases

# The most urgent first; the rest of a group is one click away in the queue's deadline filter (paged there).
DEADLINES_PER_GROUP = 20


def deadline_groups(*, clinic_ids, today: dt.date) -> dict:
    """Waiting periods that ended without a reply, end today, and end in the next seven days."""
    cases = (clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED).filter(next_deadline__isnull=False)
             .select_related("assignee").order_by("next_deadline", "-priority", "id")
             .only("id", "reference", "borrower_name", "lender_name", "status", "priority", "next_deadline",
                   "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name"))
    return {
        "overdue": list(cases.filter(next_deadline__lt=today)[:DEADLINES_PER_GROUP]),
        "today": list(cases.filter(next_deadline=today)[:DEADLINES_PER_GROUP]),
        "week": list(cases.filter(next_deadline__gt=today, next_deadline__lte=today + dt.timedelta(days=7))[:DEADLINES_PER_GROUP]),
    }
