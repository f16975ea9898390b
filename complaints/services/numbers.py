"""Collector numbers as the case file stores them, and the indexed copies staff search across cases."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.models import Case, CaseNumber
from complaints.phones import phone_info


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
