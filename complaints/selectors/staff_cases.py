"""One case on the staff desk: its notes, audit trail, log, mailed letters, and how often its collector numbers
and lender recur among the clinic's (and all clinics') clients."""

from django.db.models import Count, Exists, OuterRef, Q

from complaints.models import AuditEvent, CaseNote, CaseNumber, CaseShare, LogEntry, SharedNumber
from complaints.selectors.letters import mailed_letters_for_case
from complaints.selectors.staff_clinic import cases_shared_anywhere, joint_consent_shares


def case_notes(case):
    return CaseNote.objects.filter(case=case).select_related("author")


def case_audit_events(case):
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor")


def case_log_entries(case, limit=200):
    return LogEntry.objects.filter(case=case, pending_review=False).order_by("-at", "-id")[:limit]


def case_collector_counts(*, case, clinic_ids) -> list[dict]:
    """For each number that contacted this borrower: how many other clients of the clinic it reached,
    and how many other Zhirao clients shared with any clinic (a number only). A walk-in case nobody has
    claimed yet counts as its own client. One grouped query over the SharedNumber index."""
    numbers = list(CaseNumber.objects.filter(case=case).values_list("number", flat=True))
    if not numbers:
        return []
    others = SharedNumber.objects.filter(number__in=numbers).exclude(case_id=case.pk)
    if case.owner_id:
        others = others.exclude(owner_id=case.owner_id)
    in_clinic = Q(clinic_id__in=clinic_ids)
    counts = {row["number"]: row for row in others.values("number").annotate(
        owners=Count("owner_id", distinct=True),
        unclaimed=Count("case_id", filter=Q(owner_id__isnull=True), distinct=True),
        clinic_owners=Count("owner_id", filter=in_clinic, distinct=True),
        clinic_unclaimed=Count("case_id", filter=Q(owner_id__isnull=True) & in_clinic, distinct=True),
    )}
    rows = []
    for number in numbers:
        row = counts.get(number, {})
        rows.append({"number": number, "clinic_clients": row.get("clinic_owners", 0) + row.get("clinic_unclaimed", 0),
                     "all_clients": row.get("owners", 0) + row.get("unclaimed", 0)})
    return rows


def lender_counts(*, case, clinic_ids) -> dict:
    """Other cases with the same lender: in the clinic, and shared with any clinic (one query)."""
    if not case.lender_name:
        return {}
    in_clinic = Exists(CaseShare.objects.filter(case_id=OuterRef("pk"), clinic_id__in=clinic_ids, withdrawn_at__isnull=True))
    counts = (cases_shared_anywhere().filter(lender_name=case.lender_name).exclude(pk=case.pk)
              .aggregate(all_cases=Count("id"), clinic_cases=Count("id", filter=in_clinic)))
    return {"lender": case.lender_name, **counts}


def case_joint_consent(*, case, clinic_ids) -> CaseShare | None:
    """The case's share with one of the clinics that carries the joint-complaint consent, if any."""
    return joint_consent_shares(clinic_ids).filter(case=case).order_by("joint_consented_at").first()


def case_mailed_letters(case):
    """The letters mailed for the case, with only what the case page shows of them."""
    return mailed_letters_for_case(case).only(
        "id", "case_id", "title", "addressee", "mailed_on", "mail_method", "tracking_number", "replied_on", "reply_result",
        "reply_summary")
