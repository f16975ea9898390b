import hashlib
import json

from complaints.audit_actions import audit_action_check
from complaints.models import AuditEvent


def audit_record(*, actor, action: str, subject, case_id=None, old=None, new=None) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction so the change and its record commit together.

    `action` must be a name registered in complaints.audit_actions (UnknownAuditAction otherwise, nothing written).
    `subject` None: the system's own work on no one row (a retention purge), recorded as subject type "system"."""
    audit_action_check(action)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "system",
        subject_id=str(subject.pk) if subject is not None else "",
        case_id=case_id,
        old_value=old,
        new_value=new,
    )


def audit_digest(value) -> str | None:
    """A value as the audit log keeps personal data: its SHA-256 (of its canonical JSON), never the value.

    The same value always gives the same digest, so the log still shows whether something changed and
    can prove what a value was to someone who holds it; it cannot tell a reader the ID number, phone,
    address or note text. Salt-free on purpose: a log kept for evidence must be checkable later.
    """
    if value in (None, "", [], {}):
        return None
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def audit_changes(old: dict | None, new: dict | None) -> tuple[dict, dict]:
    """(old, new) for an audit row about a dict of personal fields: the names of the fields that changed,
    and for each its digest before and after (audit_digest), never the values."""
    old, new = old or {}, new or {}
    if not isinstance(old, dict) or not isinstance(new, dict):
        return {"sha256": audit_digest(old)}, {"sha256": audit_digest(new)}
    changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    return ({"fields": changed, "sha256": {name: audit_digest(old.get(name)) for name in changed}},
            {"fields": changed, "sha256": {name: audit_digest(new.get(name)) for name in changed}})
