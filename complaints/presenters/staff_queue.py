"""The triage queue's rows as the page shows them (complaints.selectors.staff_queue.queue_cases gives the columns).

Every word is looked up once per page, not once per row: a page holds 50 rows, and a status through
get_status_display (which hashes every choice's lazy label per call), a reason through gettext, or a link through
reverse() cost more per row than the rest of the row together.
"""

import datetime as dt

from complaints.models import Case
from complaints.presenters.row_urls import row_url
from complaints.selectors.staff_clinic import person_name
from complaints.triage import priority_level, reason_text
from guidance import vocabulary


def queue_rows(cases, *, today: dt.date) -> list[dict]:
    """One dict per case of the page, in its order: what each cell of the queue's table shows, in the active language."""
    statuses = {value: str(label) for value, label in Case.Status.choices}
    levels = {int(term.value): term.label() for term in vocabulary.PRIORITY_LEVELS}
    reasons = {}  # cases often share their reasons: each distinct one is put in words once
    case_url = row_url("staff:case", each="case_id")
    rows = []
    for case in cases:
        level = priority_level(case["priority"])
        code = case["priority_reason"] or ""
        if code not in reasons:
            reasons[code] = reason_text(code)
        deadline = case["next_deadline"]
        rows.append({
            "id": case["id"], "url": case_url(case["id"]), "borrower_name": case["borrower_name"], "reference": case["reference"],
            "lender_name": case["lender_name"], "level": level, "level_label": levels[level], "reason": reasons[code],
            "status": statuses.get(case["status"], case["status"]),
            "assignee": person_name(last_name=case["assignee__last_name"], first_name=case["assignee__first_name"],
                                    username=case["assignee__username"]) if case["assignee_id"] else "",
            "deadline": deadline.isoformat() if deadline else "", "overdue": deadline is not None and deadline < today,
        })
    return rows
