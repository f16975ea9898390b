"""Reads for the borrower's side. The gate through which every view reaches a case is complaints.selectors.access."""

from django.db import connection
from django.db.models import F, Q
from django.http import Http404

from complaints.models import Case, CaseShare, Clinic, Evidence, LogEntry
from complaints.selectors.case_file import case_rows_sql


def cases_owned_by(*, user):
    """The borrower's own cases, newest first ("我的案件")."""
    return Case.objects.filter(owner=user).order_by("-created_at")


# A case's shares in the order they were given: the first still active is the clinic the case's pages name.
SHARE_ORDER = ("consented_at", "id")


def case_shares_active(*, case: Case):
    return case.shares.filter(withdrawn_at__isnull=True).select_related("clinic").order_by(*SHARE_ORDER)


def clinics_open_for_sharing():
    return Clinic.objects.order_by("name")


def help_clinic_for(*, user, case_id=None) -> dict | None:
    """The clinic a borrower shared this case with (the first still active), for the help strip: its name and phone.

    Without a case (pages that belong to none: home, 我的案件, error pages), the clinic of the borrower's
    most recent active share, so human help stays one tap away wherever they are. Read as two values, not as
    model instances: every page a borrower opens asks for them.
    """
    shares = CaseShare.objects.filter(case__owner=user, withdrawn_at__isnull=True)
    if case_id is not None:
        shares = shares.filter(case_id=case_id).order_by(*SHARE_ORDER)
    else:
        shares = shares.order_by(*(f"-{field}" for field in SHARE_ORDER))
    return shares.values(name=F("clinic__name"), phone=F("clinic__phone")).first()


def help_clinic_from_shares(*, user, case: Case, shares: list[CaseShare]) -> dict | None:
    """help_clinic_for(user=user, case_id=case.pk) from the case's active shares as case_shares_active read them (in
    SHARE_ORDER): a page that shows them need not read them twice."""
    if case.owner_id != user.pk or not shares:
        return None
    return {"name": shares[0].clinic.name, "phone": shares[0].clinic.phone}


def log_entries_for_case(*, case: Case, pending: bool = False):
    """The case's confirmed log (or, with pending=True, the imported messages waiting for review), oldest first."""
    return case.log_entries.filter(pending_review=pending).prefetch_related("evidence").order_by("at", "id")


def log_entry_get(*, case: Case, entry_id) -> LogEntry:
    """One entry of a case already reached through case_access; Http404 for an entry of any other case."""
    entry = case.log_entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def evidence_for_case(*, case: Case):
    """The case's evidence in the order it is numbered in the evidence list (证据目录)."""
    return case.evidence.select_related("third_party").order_by("received_at", "id")


def evidence_number(*, evidence: Evidence) -> int:
    """The file's number in its case's evidence list (证据N, evidence_for_case's order: received, then id), counted by
    the database: one small query however many files the case holds, not a read of all of them."""
    before = Q(received_at__lt=evidence.received_at) | Q(received_at=evidence.received_at, pk__lt=evidence.pk)
    return Evidence.objects.filter(case_id=evidence.case_id).filter(before).count() + 1


def third_party_pending_for_case(*, case: Case):
    """The third parties' uploads waiting for the borrower's decision, oldest first."""
    return case.third_party_uploads.waiting().order_by("received_at", "id")


def evidence_total_bytes(*, case: Case) -> int:
    """The room the case's files take: its evidence, and the third parties' uploads still waiting for the borrower.

    One SQL statement, not the ORM: every upload asks twice (before reading the files, and again under the case's
    lock) and the list page once, and two ORM aggregates cost ~0.7 ms of CPU to build where this costs ~0.08 ms."""
    sql = "SELECT " + " + ".join(case_rows_sql(rows, "COALESCE(SUM({size}), 0)") for rows in ("files", "third_party_pending"))
    with connection.cursor() as cursor:
        cursor.execute(sql, [case.pk, case.pk])
        return int(cursor.fetchone()[0])
