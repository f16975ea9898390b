"""Writes of mailing day: recording the print of a clinic's letters, and their tracking numbers all at once."""

import datetime as dt

from django.db import transaction

from complaints.models import Clinic, Letter, User
from complaints.services.audit import audit_record
from complaints.services.letters import letter_record_mailing


@transaction.atomic
def mailing_print_record(*, actor: User, clinic: Clinic, letters: list[Letter]) -> None:
    """Printing letters with their envelopes reads borrowers' letters in bulk: record who printed which.
    Atomic; audited (the audit row is the whole write)."""
    audit_record(actor=actor, action="mailing.print", subject=clinic, new={"letters": [letter.pk for letter in letters]})


@transaction.atomic
def mailing_day_record(*, actor: User, mailings: list[tuple[Letter, dt.date, str, str]]) -> int:
    """Record (letter, mailed_on, method, tracking_number) for every letter, all or none: a failure leaves
    nothing recorded, so a corrected list can be sent again. Each letter is audited by letter_record_mailing.
    Returns how many were recorded."""
    for letter, mailed_on, method, tracking_number in mailings:
        letter_record_mailing(actor=actor, letter=letter, mailed_on=mailed_on, method=method, tracking_number=tracking_number)
    return len(mailings)
