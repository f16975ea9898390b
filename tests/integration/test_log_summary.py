"""Case.log_summary: stored whenever the log changes, always what a fresh analysis of the log says, and what
plans and pages read instead of the entries (so their cost does not grow with the log)."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from complaints.models import Case, LogEntry
from complaints.selectors.case_file import case_file_for, log_analysis_for
from complaints.services.case_transfer import case_import
from complaints.services.cases import case_create
from complaints.services.log import (
    log_entries_confirm,
    log_entry_create,
    log_entry_delete,
    log_entry_update,
    log_import,
)
from complaints.sms_import import ImportedMessage, ImportResult
from guidance import clock, engine
from guidance.analysis import analyse_log, analysis_from_json, analysis_to_json
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = clock.SHANGHAI


def _fresh(case: Case):
    return analyse_log(LogEntry.objects.filter(case=case, pending_review=False))


def _stored(case: Case):
    case.refresh_from_db()
    return analysis_from_json(case.log_summary)


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


@pytest.fixture
def case(borrower):
    return case_create(owner=borrower, actor=borrower, data={
        "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
        "collector": {"numbers": ["13912345678"]}, "harassment": {"channels": ["call"], "max_per_day": 2}})


def _add(case, borrower, when, number="+8617012345678", target="self", channel="sms"):
    return log_entry_create(actor=borrower, case=case, at=dt.datetime.fromisoformat(when).replace(tzinfo=SHANGHAI),
                            channel=channel, from_number=number, target=target, text="再不还款就通知你全部联系人。")


def test_each_kind_of_log_change_stores_what_a_fresh_analysis_says(case, borrower):
    first = _add(case, borrower, "2026-03-14T22:41")
    assert _stored(case) == _fresh(case) and _stored(case).total == 1
    second = _add(case, borrower, "2026-03-15T10:00", number="+8613312345678", target="family", channel="call")
    assert _stored(case) == _fresh(case) and _stored(case).total == 2

    log_entry_update(actor=borrower, entry=first, at=dt.datetime(2026, 3, 16, 7, 30, tzinfo=SHANGHAI), target="employer")
    assert _stored(case) == _fresh(case) and _stored(case).first_contact.date() == dt.date(2026, 3, 15)

    log_entry_delete(actor=borrower, entry=second)
    assert _stored(case) == _fresh(case) and [number.number for number in _stored(case).numbers] == ["+8617012345678"]

    messages = [ImportedMessage(at=dt.datetime(2026, 3, 17, hour, 5, tzinfo=SHANGHAI), from_number="+8618612345678",
                                text=f"逾期账单请立即处理（{hour}）") for hour in (1, 9, 23)]
    log_import(actor=borrower, case=case, result=ImportResult(format="xml", messages=messages))
    assert _stored(case) == _fresh(case) and _stored(case).total == 1, "imported messages count only once confirmed"

    log_entries_confirm(actor=borrower, case=case, entries=list(case.log_entries.filter(pending_review=True)))
    assert _stored(case) == _fresh(case) and _stored(case).total == 4 and _stored(case).night_total == 3


def test_a_case_file_imported_with_its_log_stores_its_summary(borrower):
    log = [{"at": "2026-03-14T22:41:00+08:00", "channel": "sms", "from_number": "+8617012345678", "target": "self"},
           {"at": "2026-03-15T09:00:00+08:00", "channel": "call", "from_number": "+8613312345678", "target": "contacts"}]
    case = case_import(case_file={"spec": "zhirao-case/1", "lender": {"name": "某某小贷", "kind": "microloan"}, "log": log},
                       owner=borrower, actor=borrower)
    assert _stored(case) == _fresh(case) and _stored(case).total == 2


def test_the_plan_without_the_entries_is_the_plan_with_them(borrower):
    """The case hub's plan reads the sections without the entries (services.log merged what they prove); for a
    log whose numbers came in the order of their counts, it is the plan of the case file with its entries."""
    case = case_create(owner=borrower, actor=borrower, data={"lender": {"name": "某某小贷", "kind": "microloan"}})
    for when in ("2026-03-14T22:41", "2026-03-15T23:10", "2026-03-15T08:30"):
        _add(case, borrower, when, number="+8618612345678", target="contacts")
    _add(case, borrower, "2026-03-16T12:00", number="+8617012345678")
    case.refresh_from_db()
    today = dt.date(2026, 4, 1)
    with_entries, without = case_file_for(case, today=today), case_file_for(case, today=today, with_log=False)
    assert "log" not in without and with_entries["log"]
    assert engine.plan(without, today=today) == engine.plan(with_entries, today=today)


def test_a_summary_of_another_version_is_not_trusted(case, borrower):
    _add(case, borrower, "2026-03-14T22:41")
    Case.objects.filter(pk=case.pk).update(log_summary={**analysis_to_json(analyse_log([])), "version": -1})
    case.refresh_from_db()
    assert log_analysis_for(case) == _fresh(case) and log_analysis_for(case).total == 1


def test_the_migration_fills_the_summary_of_existing_cases_batch_by_batch(case, borrower, monkeypatch):
    _add(case, borrower, "2026-03-14T22:41")
    _add(case, borrower, "2026-03-15T02:00", number="+8613312345678")
    other = case_create(owner=borrower, actor=borrower, data={})
    _add(other, borrower, "2026-03-16T09:00")
    Case.objects.update(log_summary={})
    migration = importlib.import_module("complaints.migrations.0017_i16a_log_summary")
    monkeypatch.setattr(migration, "BATCH", 1)
    migration.fill_summaries(django_apps, None)
    assert _stored(case) == _fresh(case) and _stored(case).total == 2
    assert _stored(other) == _fresh(other) and _stored(other).total == 1
    # It runs while the previous release serves: each batch commits on its own instead of one long transaction.
    assert migration.Migration.atomic is False


def _written_by_the_previous_release(case, when):
    """An entry saved without the services (as a release that did not store summaries wrote it)."""
    return LogEntry.objects.create(case=case, at=dt.datetime.fromisoformat(when).replace(tzinfo=SHANGHAI),
                                   channel="sms", from_number="+8617012345678", target="self", text="还钱")


def test_the_refresh_command_catches_up_the_cases_written_since_a_moment(case, borrower):
    _add(case, borrower, "2026-03-14T22:41")
    untouched = case_create(owner=borrower, actor=borrower, data={})
    _add(untouched, borrower, "2026-03-14T22:41")
    moment = timezone.now()
    _written_by_the_previous_release(case, "2026-03-15T23:30")
    Case.objects.filter(pk=untouched.pk).update(log_summary={**Case.objects.get(pk=untouched.pk).log_summary, "total": 99})
    assert _stored(case).total == 1

    output = io.StringIO()
    call_command("log_summary_refresh", since=moment.isoformat(), stdout=output)

    assert _stored(case) == _fresh(case) and _stored(case).total == 2
    assert Case.objects.get(pk=untouched.pk).log_summary["total"] == 99  # not written since: left as it was
    assert "1 cases" in output.getvalue()
    call_command("log_summary_refresh", all=True, stdout=io.StringIO())
    assert _stored(untouched) == _fresh(untouched) and _stored(untouched).total == 1


def test_the_refresh_command_refuses_a_moment_it_cannot_read():
    with pytest.raises(CommandError, match="not a date and time"):
        call_command("log_summary_refresh", since="yesterday")
