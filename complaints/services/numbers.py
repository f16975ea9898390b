"""Collector numbers as the case file stores them, and the indexed copies staff search across cases."""

from collections.abc import Iterable

from complaints.models import Case, CaseNumber, CaseShare, SharedNumber
from complaints.services.collector_counts import collector_counts_sync
from guidance.analysis import collector_numbers
from guidance.phones import phone_info


def case_numbers_sync(case: Case) -> None:
    """Make the case's CaseNumber rows match the collector's numbers in its case file (call inside the writing transaction).

    The numbers are guidance.analysis.collector_numbers of the case file: `collector.numbers` without the
    borrower's own number, so staff never find a client's own number as a collector's.
    """
    wanted = collector_numbers(case.data or {})
    case.numbers.exclude(number__in=wanted).delete()
    existing = set(case.numbers.values_list("number", flat=True))
    for number in wanted:
        if number in existing:
            continue
        info = phone_info(number)
        CaseNumber.objects.create(case=case, number=number, kind=info.kind, carrier=info.carrier if info.is_valid else "")
    shared_numbers_sync(case)


def shared_numbers_sync(case: Case) -> None:
    """Make the case's SharedNumber rows match its active shares × its numbers, with its current owner, and the
    collector counts match its shares, numbers, lender and owner (complaints.services.collector_counts).

    Call inside the transaction that changed the case's numbers, lender, shares or owner (saved first). Idempotent;
    touches only this case's SharedNumber rows, so concurrent changes to other cases never race with it (the counts
    they share are locked row by row). (Rows of a removed number or a deleted share go with them by cascade.)
    """
    shared_numbers_sync_cases([case.pk])


def shared_numbers_sync_cases(case_ids: Iterable[int]) -> None:
    """shared_numbers_sync for many cases in a fixed number of queries (seed_demo writes thousands at a time)."""
    case_ids = list(case_ids)
    _shared_numbers_match(case_ids)
    collector_counts_sync(case_ids)


def _shared_numbers_match(case_ids: list[int]) -> None:
    owners = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "owner_id"))
    shares = list(CaseShare.objects.filter(case_id__in=case_ids, withdrawn_at__isnull=True).values_list("pk", "clinic_id", "case_id"))
    rows = SharedNumber.objects.filter(case_id__in=case_ids)
    rows.exclude(share_id__in=[share_id for share_id, _clinic_id, _case_id in shares]).delete()
    if not shares:
        return
    existing = set()
    stale_owner = set()
    for share_id, number_id, case_id, owner_id in rows.values_list("share_id", "case_number_id", "case_id", "owner_id"):
        existing.add((share_id, number_id))
        if owner_id != owners[case_id]:
            stale_owner.add(case_id)
    for case_id in stale_owner:
        rows.filter(case_id=case_id).update(owner_id=owners[case_id])
    numbers: dict[int, list[tuple[int, str]]] = {}
    for number_id, case_id, number in CaseNumber.objects.filter(case_id__in={case_id for *_, case_id in shares}).values_list("pk", "case_id", "number"):
        numbers.setdefault(case_id, []).append((number_id, number))
    SharedNumber.objects.bulk_create([
        SharedNumber(share_id=share_id, case_number_id=number_id, clinic_id=clinic_id, number=number, case_id=case_id, owner_id=owners[case_id])
        for share_id, clinic_id, case_id in shares for number_id, number in numbers.get(case_id, ())
        if (share_id, number_id) not in existing
    ], batch_size=1000, ignore_conflicts=True)  # a concurrent sync of the same case may have added the row first
