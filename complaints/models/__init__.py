"""Zhirao's tables, one module per area; import from `complaints.models`."""

from complaints.models.accounts import Clinic, ClinicMembership, User
from complaints.models.audit import AuditEvent
from complaints.models.cases import Case, CaseNumber, CaseShare, LogEntry
from complaints.models.evidence import Evidence

__all__ = ["AuditEvent", "Case", "CaseNumber", "CaseShare", "Clinic", "ClinicMembership", "Evidence", "LogEntry", "User"]
