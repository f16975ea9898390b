"""What clinic staff changed on a borrower's case, for her case page (docs/SECURITY.md, who may change what).

Read from the audit log: every row about the case written by someone other than its owner (and other
than the system), except staff merely reading it. The rows hold field names and digests, not values
(complaints.services.audit), so the page says what was done, by whom and when.
"""

from complaints.audit_actions import audit_action_label
from complaints.models import AuditEvent, Case
from complaints.selectors.staff_clinic import person_name

# Reads are audited too, for the clinic's own audit page; the borrower's history lists changes.
_READS = {"case.staff_view", "log.staff_view", "letter.staff_view", "evidence.downloaded", "evidence.previewed",
          "evidence.embedded", "evidence.read_for_import", "evidence.integrity_failed"}
HISTORY_LIMIT = 50


def case_changes_by_others(*, case: Case, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The latest changes to `case` made by anyone but its owner, newest first, with who (their name) and what.

    Read as the few values shown, not as events and users (every view of the hub by its owner reads them)."""
    events = (AuditEvent.objects.filter(case_id=case.pk, actor__isnull=False).exclude(actor_id=case.owner_id)
              .exclude(action__in=_READS).order_by("-created_at", "-id")
              .values_list("created_at", "action", "new_value", "actor__last_name", "actor__first_name", "actor__username")[:limit])
    return [{"at": at, "actor": person_name(last_name=last_name, first_name=first_name, username=username),
             "action": audit_action_label(action), "fields": _what(new_value)}
            for at, action, new_value, last_name, first_name, username in events]


def _what(value) -> list[str]:
    """The section and field names an audit value names (never values)."""
    if not isinstance(value, dict):
        return []
    names = [value["section"]] if isinstance(value.get("section"), str) else []
    return names + [name for name in value.get("fields") or [] if isinstance(name, str)]
