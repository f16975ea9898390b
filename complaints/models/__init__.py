"""Zhirao's tables, one module per area; import from `complaints.models`."""

from complaints.models.accounts import Clinic, ClinicMembership, User
from complaints.models.audit import AuditEvent

__all__ = ["AuditEvent", "Clinic", "ClinicMembership", "User"]
