"""Reads, and the single gate through which every view reaches a case."""

from django.db.models import Sum
from django.http import Http404

from complaints.models import Case, CaseShare, Clinic, ClinicMembership, Evidence, LogEntry


def clinic_ids_for_staff(user) -> list[int]:
    return list(ClinicMembership.objects.filter(user=user).values_list("clinic_id", flat=True))


def case_get_for_user(*, user, case_id, for_update: bool = False) -> Case:
    """The case, if `user` may see it; Http404 otherwise (a stranger cannot even learn that it exists).

    A user may see a case they own, or, as clinic staff, a case shared with their clinic and not withdrawn.
    """
    if not user.is_authenticated:
        raise Http404
    cases = Case.objects.select_for_update() if for_update else Case.objects.all()
    case = cases.filter(pk=case_id).first()
    if case is None:
        raise Http404
    if case.owner_id == user.pk:
        return case
    if case.shares.filter(withdrawn_at__isnull=True, clinic_id__in=clinic_ids_for_staff(user)).exists():
        return case
    raise Http404


def case_visible_to_staff(*, user, case: Case) -> bool:
    """True when `user` sees `case` as clinic staff rather than as its owner (their reads are audited)."""
    return case.owner_id != user.pk


def cases_owned_by(*, user):
    """The borrower's own cases, newest first ("我的案件")."""
    return Case.objects.filter(owner=user).order_by("-created_at")


def case_shares_active(*, case: Case):
    return case.shares.filter(withdrawn_at__isnull=True).select_related("clinic").order_by("consented_at")


def clinics_open_for_sharing():
    return Clinic.objects.order_by("name")


def help_clinic_for(*, user, case_id=None) -> Clinic | None:
    """The clinic a borrower shared this case with (the first still active), for the help strip.

    Without a case (pages that belong to none: home, 我的案件, error pages), the clinic of the borrower's
    most recent active share, so human help stays one tap away wherever they are.
    """
    shares = CaseShare.objects.filter(case__owner=user, withdrawn_at__isnull=True).select_related("clinic")
    if case_id is not None:
        share = shares.filter(case_id=case_id).order_by("consented_at").first()
    else:
        share = shares.order_by("-consented_at", "-id").first()
    return share.clinic if share else None


def log_entries_for_case(*, case: Case, pending: bool = False):
    """The case's confirmed log (or, with pending=True, the imported messages waiting for review), oldest first."""
    return case.log_entries.filter(pending_review=pending).prefetch_related("evidence").order_by("at", "id")


def log_entry_get(*, case: Case, entry_id) -> LogEntry:
    """One entry of a case already reached through case_get_for_user; Http404 for an entry of any other case."""
    entry = case.log_entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def evidence_get_for_user(*, user, case_id, evidence_id) -> Evidence:
    """One evidence file of a case `user` may see (through case_get_for_user); Http404 otherwise."""
    case = case_get_for_user(user=user, case_id=case_id)
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    evidence.case = case
    return evidence


def evidence_for_case(*, case: Case):
    """The case's evidence in the order it is numbered in the evidence list (证据目录)."""
    return case.evidence.order_by("received_at", "id")


def evidence_total_bytes(*, case: Case) -> int:
    return case.evidence.aggregate(total=Sum("size"))["total"] or 0
