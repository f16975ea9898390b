"""Mailing day: the clinic's letters ready to post."""

from django.db.models import Exists, OuterRef

from complaints.letters.output import envelope_missing
from complaints.letters.registry import get_kind
from complaints.models import Case, Letter
from complaints.selectors.staff_clinic import clinic_cases

MAILING_DAY_CAP = 500  # one day's post for a clinic; more than this is printed in several rounds


def letters_ready_to_mail(*, clinic_ids) -> list:
    """Letters of the clinic's open cases that go by post, are not mailed yet and have a complete envelope:
    the newest rendering of each (case, kind, target), in address order (postcode, then address)."""
    newer = Letter.objects.filter(case_id=OuterRef("case_id"), kind=OuterRef("kind"), target=OuterRef("target"),
                                  created_at__gt=OuterRef("created_at"))
    letters = (Letter.objects.filter(case__in=clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED), mailed_on__isnull=True)
               .exclude(Exists(newer)).select_related("case").defer("html")[:MAILING_DAY_CAP])
    ready = [letter for letter in letters
             if get_kind(letter.kind).postal != "none" and not envelope_missing(letter.addressee, letter.sender)]
    return sorted(ready, key=lambda letter: (letter.addressee.get("postcode", ""), letter.addressee.get("address", ""),
                                             letter.addressee.get("name", ""), letter.pk))
