"""Writes of the collectors page: recording who took a joint-complaint export and what it covered."""

from django.db import transaction

from complaints.models import Clinic, User
from complaints.services.audit import audit_record


@transaction.atomic
def collector_export_record(*, actor: User, clinic: Clinic, kind: str, key: str, references: list[str], left_out: int,
                            file_format: str) -> None:
    """An export copies many clients' details out of the system: record who took it, for which collector number
    or lender (`kind`, `key`), which cases it named, how many were left out for lack of consent, and in which
    format. Atomic; audited (the audit row is the whole write)."""
    audit_record(actor=actor, action="collector.export", subject=clinic,
                 new={"kind": kind, "key": key, "cases": references, "left_out": left_out, "format": file_format})
