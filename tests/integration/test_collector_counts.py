"""The stored collector counts stay equal to a count from scratch after every kind of write that changes what a case
names or who sees it (complaints.services.collector_counts)."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from complaints.models import Case, CaseNumber, CaseShare, CollectorCase, CollectorCount
from complaints.services.accounts import borrower_account_delete
from complaints.services.cases import (
    case_create,
    case_delete,
    case_section_update,
    case_share_create,
    case_share_joint_consent_give,
    case_share_joint_consent_withdraw,
    case_share_withdraw,
)
from complaints.services.collector_counts import collector_counts_catch_up, collector_counts_rebuild
from complaints.services.log import log_entry_create
from complaints.services.staff import case_claim, walk_in_case_open
from tests.factories import BorrowerFactory, ClinicFactory, StaffFactory

pytestmark = pytest.mark.django_db
NUMBER, OTHER = "+8617012345678", "+8613912345678"
LENDER = "某某消费金融有限公司"


def stored():
    rows = set(CollectorCase.objects.values_list("case_id", "clinic_id", "kind", "key", "owner_id", "joint"))
    counts = set(CollectorCount.objects.filter(cases__gt=0).values_list("clinic_id", "kind", "key", "cases", "clients", "consenting"))
    return rows, counts


def assert_equal_to_a_recount():
    kept = stored()
    with transaction.atomic():
        collector_counts_rebuild(batch_size=2)  # several batches even for a few cases
        recounted = stored()
        transaction.set_rollback(True)
    assert kept == recounted
    return kept[1]


def counts_of(counts, clinic_id, kind, key):
    return next(((cases, clients, consenting) for clinic, k, key_, cases, clients, consenting in counts
                 if (clinic, k, key_) == (clinic_id, kind, key)), None)


def borrower_case(owner, *, numbers=(NUMBER,), lender=LENDER):
    return case_create(owner=owner, actor=owner, data={"lender": {"name": lender, "kind": "consumer_finance"},
                                                        "collector": {"numbers": list(numbers)}})


def test_every_kind_of_write_keeps_the_counts_equal_to_a_recount():
    clinic, elsewhere = ClinicFactory(), ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    borrower = BorrowerFactory()

    first = borrower_case(borrower)
    share = case_share_create(case=first, clinic=clinic, consent_text="同意", actor=borrower)
    counts = assert_equal_to_a_recount()
    assert counts_of(counts, clinic.pk, "number", NUMBER) == (1, 1, 0)

    # The same client's second case naming the number: two cases, still one client.
    second = borrower_case(borrower)
    case_share_create(case=second, clinic=clinic, consent_text="同意", actor=borrower, joint_consent_text="同意联合投诉")
    counts = assert_equal_to_a_recount()
    assert counts_of(counts, clinic.pk, "number", NUMBER) == (2, 1, 1)

    case_share_create(case=first, clinic=elsewhere, consent_text="同意", actor=borrower)
    counts = assert_equal_to_a_recount()
    assert counts_of(counts, None, "number", NUMBER) == (2, 1, 0)  # across clinics: each case once

    case_share_joint_consent_give(share=share, consent_text="同意联合投诉", actor=borrower)
    assert counts_of(assert_equal_to_a_recount(), clinic.pk, "lender", LENDER) == (2, 1, 2)
    case_share_joint_consent_withdraw(share=share, actor=borrower)
    assert counts_of(assert_equal_to_a_recount(), clinic.pk, "lender", LENDER) == (2, 1, 1)

    # The collector section edited: a number replaced, the lender renamed.
    case_section_update(case=first, section="collector", value={"numbers": [OTHER]}, actor=borrower)
    case_section_update(case=first, section="lender", value={"name": "另一家小额贷款有限公司", "kind": "microloan"}, actor=borrower)
    counts = assert_equal_to_a_recount()
    assert counts_of(counts, clinic.pk, "number", NUMBER) == (1, 1, 1)
    assert counts_of(counts, clinic.pk, "number", OTHER) == (1, 1, 0)

    # A log entry from a new number adds it to the case file's numbers.
    log_entry_create(actor=borrower, case=second, at=dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), channel="call",
                     from_number="+8618812345678", target="self", text="")
    assert counts_of(assert_equal_to_a_recount(), clinic.pk, "number", "+8618812345678") == (1, 1, 1)

    # A walk-in case counts as its own client until the client claims it.
    walk_in, code = walk_in_case_open(actor=staff, clinic=clinic, borrower_name="王五", lender_name=LENDER,
                                      collector_numbers=(NUMBER,), joint_consent=True)
    assert counts_of(assert_equal_to_a_recount(), clinic.pk, "number", NUMBER) == (2, 2, 2)
    case_claim(user=borrower, code=code)
    assert counts_of(assert_equal_to_a_recount(), clinic.pk, "number", NUMBER) == (2, 1, 2)

    case_share_withdraw(share=share, actor=borrower)
    assert_equal_to_a_recount()
    case_delete(case=walk_in, actor=borrower)
    assert counts_of(assert_equal_to_a_recount(), clinic.pk, "number", NUMBER) == (1, 1, 1)

    borrower_account_delete(user=borrower, password="correct-horse-battery-staple")
    assert assert_equal_to_a_recount() == set()


def test_the_rebuild_command_repairs_counts_written_without_the_services(capsys):
    clinic = ClinicFactory()
    borrower = BorrowerFactory()
    case = borrower_case(borrower)
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    expected = stored()
    CollectorCount.objects.update(cases=99)
    CollectorCase.objects.filter(kind="lender").delete()
    call_command("collector_counts_rebuild")
    assert stored() == expected
    assert "Rebuilt" in capsys.readouterr().out


def test_the_online_catch_up_mends_what_an_old_release_wrote_without_counting(capsys):
    """After a rolling deploy: the old release wrote numbers, lenders and shares without touching the counts, which
    still agree with the rows; --online brings rows and counts in step with the cases, batch by batch."""
    clinic, elsewhere = ClinicFactory(), ClinicFactory()
    borrower, other = BorrowerFactory(), BorrowerFactory()
    first, second = borrower_case(borrower), borrower_case(borrower, numbers=(OTHER,))
    third = borrower_case(other)
    for case in (first, second, third):
        case_share_create(case=case, clinic=clinic, consent_text="同意", actor=case.owner)
    # What the old release did meanwhile, straight to the tables:
    CaseNumber.objects.create(case=second, number=NUMBER)
    Case.objects.filter(pk=third.pk).update(lender_name="另一家小额贷款公司")
    CaseShare.objects.create(case=first, clinic=elsewhere, consent_text="同意", consented_by=borrower)
    CaseShare.objects.filter(case=third, clinic=clinic).update(withdrawn_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    stale = stored()

    call_command("collector_counts_rebuild", "--online")

    assert stored() != stale
    counts = assert_equal_to_a_recount()
    assert counts_of(counts, clinic.pk, "number", NUMBER) == (2, 1, 0)  # her two cases, one client; the third withdrawn
    assert counts_of(counts, elsewhere.pk, "number", NUMBER) == (1, 1, 0)
    assert counts_of(counts, None, "lender", "另一家小额贷款公司") is None  # no active share names it
    assert "Brought 3 cases" in capsys.readouterr().out


def test_the_online_catch_up_changes_nothing_when_every_write_went_through_the_services():
    clinic = ClinicFactory()
    borrower = BorrowerFactory()
    case_share_create(case=borrower_case(borrower), clinic=clinic, consent_text="同意", actor=borrower)
    kept = stored()
    assert collector_counts_catch_up(batch_size=1) == 1
    assert stored() == kept


@pytest.mark.django_db(transaction=True)
def test_two_cases_of_one_owner_naming_a_number_at_once_count_her_once():
    """Two writes at once, each giving one of her cases the same number: the second waits for the first (her user
    row is locked), so it sees the first case's row and does not count her as a second client."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers and row locks: PostgreSQL, as production (SQLite writes one at a time)")
    clinic, borrower = ClinicFactory(), BorrowerFactory()
    first, second = borrower_case(borrower, numbers=()), borrower_case(borrower, numbers=())
    for case in (first, second):
        case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    first_written, second_done, errors = threading.Event(), threading.Event(), []

    def give_number(case, *, hold_open: bool):
        try:
            with transaction.atomic():
                case_section_update(case=Case.objects.get(pk=case.pk), section="collector", value={"numbers": [NUMBER]},
                                    actor=borrower)
                if hold_open:  # the first write keeps its transaction open while the second one runs
                    first_written.set()
                    second_done.wait(timeout=1.5)
        except Exception as error:  # a thread's error is reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    first_writer = threading.Thread(target=give_number, args=(first,), kwargs={"hold_open": True})
    first_writer.start()
    assert first_written.wait(timeout=10)
    second_writer = threading.Thread(target=lambda: (give_number(second, hold_open=False), second_done.set()))
    second_writer.start()
    first_writer.join()
    second_writer.join()

    assert errors == []
    counts = assert_equal_to_a_recount()
    assert counts_of(counts, clinic.pk, "number", NUMBER) == (2, 1, 0)
    assert counts_of(counts, None, "number", NUMBER) == (2, 1, 0)
