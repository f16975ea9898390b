from complaints.audit_actions import audit_action_check
from complaints.models import AuditEvent


def audit_record(*, actor, action: str, subject, case_id=None, old=None, new=None) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction so the change and its record commit together.

    `action` must be a name registered in complaints.audit_actions (UnknownAuditAction otherwise, nothing written)."""
    audit_action_check(action)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        case_id=case_id,
        old_value=old,
        new_value=new,
    )
