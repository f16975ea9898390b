"""One case on the staff desk: its notes, audit trail, log, mailed letters, and how often its collector numbers
and lender recur among the clinic's (and all clinics') clients."""

from django.db.models import Q

from complaints.models import AuditEvent, CaseNote, CaseNumber, CaseShare, CollectorCount, CollectorKind, LogEntry
from complaints.selectors.staff_clinic import joint_consent_shares


def case_notes(case):
    return CaseNote.objects.filter(case=case).select_related("author")


def case_audit_events(case):
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor")


def case_log_entries(case, limit=200):
    """The latest confirmed entries, newest first: only the columns the case page's table shows, as dicts."""
    return LogEntry.objects.filter(case=case, pending_review=False).order_by("-at", "-id").values(
        "at", "channel", "from_number", "target", "text")[:limit]


def case_collector_counts(*, case, clinic_id: int) -> dict:
    """How often the case's collector numbers and lender recur: for each number, how many other clients of the clinic
    and of any clinic it reached (a walk-in case nobody has claimed yet counts as its own client); for the lender, how
    many other cases name it, in the clinic and across clinics (numbers only). Read from the stored counts
    (complaints.models.collectors), which include this case: staff see it through the clinic's active share. Two queries."""
    numbers = list(CaseNumber.objects.filter(case=case).order_by("id").values_list("number", flat=True))
    wanted = Q(kind=CollectorKind.NUMBER, key__in=numbers)
    if case.lender_name:
        wanted |= Q(kind=CollectorKind.LENDER, key=case.lender_name)
    counts = {(count.clinic_id, count.kind, count.key): count for count in
              CollectorCount.objects.filter(wanted).filter(Q(clinic_id=clinic_id) | Q(clinic__isnull=True))} if numbers or case.lender_name else {}

    def others(scope, kind, key, what):
        count = counts.get((scope, kind, key))
        return getattr(count, what) - 1 if count else 0

    number_rows = [{"number": number, "clinic_clients": others(clinic_id, CollectorKind.NUMBER, number, "clients"),
                    "all_clients": others(None, CollectorKind.NUMBER, number, "clients")} for number in numbers]
    lender = ({"lender": case.lender_name, "clinic_cases": others(clinic_id, CollectorKind.LENDER, case.lender_name, "cases"),
               "all_cases": others(None, CollectorKind.LENDER, case.lender_name, "cases")} if case.lender_name else {})
    return {"numbers": number_rows, "lender": lender}


def case_joint_consent(*, case, clinic_ids) -> CaseShare | None:
    """The case's share with one of the clinics that carries the joint-complaint consent, if any."""
    return joint_consent_shares(clinic_ids).filter(case=case).order_by("joint_consented_at").first()
