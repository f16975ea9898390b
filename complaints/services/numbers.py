"""Collector numbers as the case file stores them, and the indexed copies staff search across cases."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.models import Case, CaseNumber, CaseShare, SharedNumber
from guidance.phones import phone_info


def number_normalised(text: str) -> str:
    """E.164, or the digits of an SMS port or service number; ValidationError in plain words otherwise."""
    info = phone_info(text)
    if not info.is_valid:
        raise ValidationError(_("“%(number)s”不是有效的电话号码。"), code="invalid", params={"number": text})
    return info.normalized


def case_numbers_sync(case: Case) -> None:
    """Make the case's CaseNumber rows match `collector.numbers` in its case file (call inside the writing transaction)."""
    wanted = list(dict.fromkeys((case.data.get("collector") or {}).get("numbers") or []))
    case.numbers.exclude(number__in=wanted).delete()
    existing = set(case.numbers.values_list("number", flat=True))
    for number in wanted:
        if number in existing:
            continue
        info = phone_info(number)
        CaseNumber.objects.create(case=case, number=number, kind=info.kind, carrier=info.carrier if info.is_valid else "")
    shared_numbers_sync(case)


def shared_numbers_sync(case: Case) -> None:
    """Make the case's SharedNumber rows match its active shares × its numbers, with its current owner.

    Call inside the transaction that changed the case's numbers, shares or owner. Idempotent; touches
    only this case's rows, so concurrent changes to other cases never race with it. (Rows of a removed
    number or a deleted share go with them by cascade.)
    """
    shares = dict(CaseShare.objects.filter(case=case, withdrawn_at__isnull=True).values_list("pk", "clinic_id"))
    rows = SharedNumber.objects.filter(case=case)
    if not shares:
        rows.delete()
        return
    rows.exclude(share_id__in=shares).delete()
    rows.exclude(owner_id=case.owner_id).update(owner_id=case.owner_id)
    existing = set(rows.values_list("share_id", "case_number_id"))
    numbers = list(CaseNumber.objects.filter(case=case).values_list("pk", "number"))
    SharedNumber.objects.bulk_create([
        SharedNumber(share_id=share_id, case_number_id=number_id, clinic_id=clinic_id, number=number, case=case, owner_id=case.owner_id)
        for share_id, clinic_id in shares.items() for number_id, number in numbers if (share_id, number_id) not in existing
    ], ignore_conflicts=True)  # a concurrent sync of the same case may have added the row first
