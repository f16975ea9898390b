"""Zhirao's tables, one module per area; import from `complaints.models`."""

from complaints.models.accounts import Clinic, ClinicMembership, User
from complaints.models.audit import AuditEvent
from complaints.models.cases import Case, CaseNumber, CaseShare, LogEntry, SharedNumber
from complaints.models.check_ins import CheckIn
from complaints.models.collectors import CollectorCase, CollectorCount, CollectorKind
from complaints.models.evidence import Evidence
from complaints.models.jobs import Job
from complaints.models.letters import Letter, LetterEdit
from complaints.models.screenshots import ScreenshotProposal, ScreenshotReading
from complaints.models.staff import CaseNote, ClaimCode
from complaints.models.third_party import EvidenceLink, ThirdPartyUpload

__all__ = [
    "AuditEvent", "Case", "CaseNote", "CaseNumber", "CaseShare", "CheckIn", "ClaimCode", "Clinic", "ClinicMembership", "CollectorCase",
    "CollectorCount", "CollectorKind", "Evidence",
    "EvidenceLink", "Job", "Letter", "LetterEdit", "LogEntry", "ScreenshotProposal", "ScreenshotReading", "SharedNumber",
    "ThirdPartyUpload", "User",
]
