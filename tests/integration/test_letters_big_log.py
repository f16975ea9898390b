"""Letters of a case with a long log: their log facts come from what the case stored when its log changed
(Case.log_summary, complaints.selectors.letters.letter_case_for), in a fixed number of queries however long the log
is, and the letters say exactly what they say when composed from the whole log."""

import datetime as dt
import importlib
import io
import random

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from complaints.letters import facts
from complaints.letters.compose import letter_case, letter_targets, plain_text
from complaints.management.letter_samples import load_case
from complaints.models import Case, LogEntry
from complaints.selectors.case_file import case_file_for
from complaints.selectors.letters import draft_for, letter_case_for
from complaints.services.cases import case_create
from complaints.services.evidence import evidence_upload
from complaints.services.log import log_entry_create
from guidance import clock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 20)
MAILED = dt.date(2026, 3, 20)
# Mainland mobiles on three carriers, a short-code port sending verification codes, and a port that also sent the
# collector's own texts.
NUMBERS = ["+8617012345678", "+8613912345678", "+8618612345678", "+8613312345678"]
CODE_PORT, MIXED_PORT = "106900001234", "106912345678"
TEXTS = ["再不还款就通知你全部联系人。", "", "今天下午五点前必须还清，否则后果自负。", "", "已经联系你单位领导了。"]


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


def _png(colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), colour).save(buffer, "PNG")
    return SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")


def _case(borrower, entries: int, *, seed: int = 16) -> Case:
    """The sample case (a letter to the lender mailed on MAILED, after which the harassment went on) with `entries` log
    entries written through the services: calls, texts, WeChat and visits from several numbers, day and night, to her
    and to third parties, with a verification-code flood and files linked to some of them."""
    data = {**load_case(), "today": TODAY.isoformat(), "log": [],
            "steps_taken": [{"action": "complain_lender", "on": MAILED.isoformat(), "result": "continued"}]}
    case = case_create(owner=borrower, actor=borrower, data=data)
    files = [evidence_upload(actor=borrower, case=case, uploaded=_png(colour)).evidence for colour in ("red", "blue")]
    rng = random.Random(seed)
    start = dt.datetime(2026, 2, 1, tzinfo=clock.SHANGHAI)
    for index in range(entries):
        channel = rng.choice(["call", "sms", "sms", "wechat", "visit", "verification_code_bombing"])
        number = {"verification_code_bombing": CODE_PORT, "visit": ""}.get(channel) or rng.choice([*NUMBERS, MIXED_PORT])
        log_entry_create(actor=borrower, case=case, at=start + dt.timedelta(minutes=rng.randrange(75 * 24 * 60)),
                         channel=channel, from_number=number,
                         target=rng.choice(["self", "self", "self", "family", "employer", "other_third_party"]),
                         text=f"您的验证码是{index:06d}。" if channel == "verification_code_bombing" else rng.choice(TEXTS),
                         evidence=[files[index % 2]] if index % 7 == 0 else ())
    case.refresh_from_db()
    return case


def _drafts(case: Case, read) -> dict:
    return {(kind, target): draft_for(case, kind, target, today=TODAY, case_file=read) for kind, target in letter_targets(read)}


def test_the_letters_say_the_same_from_the_stored_summary_as_from_the_whole_log(borrower):
    case = _case(borrower, 120)
    stored = letter_case_for(case, today=TODAY)
    whole = letter_case(case_file_for(case, today=TODAY))
    assert isinstance(stored, facts.StoredLetterCase) and "log" not in stored.file and whole.file["log"]
    # the log is as varied as the letters can tell: a code flood, night contacts, third parties, quotes, files
    assert stored.bombing_log and stored.night_example and stored.quoted and stored.evidence_files == 2
    assert stored.code_flood_numbers == {CODE_PORT} and stored.contacts_after(MAILED).third_parties
    assert letter_targets(stored) == letter_targets(whole)
    from_summary, from_log = _drafts(case, stored), _drafts(case, whole)
    assert len(from_summary) > 10
    for key, draft in from_summary.items():
        assert draft.facts == from_log[key].facts, key
        assert draft.evidence_lines == from_log[key].evidence_lines, key
        assert plain_text(draft) == plain_text(from_log[key]), key
        assert draft.missing == from_log[key].missing, key
    assert any("以来" in paragraph for draft in from_summary.values() for paragraph in draft.facts)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_facts_answer_as_the_log_does_for_any_mailing_day(borrower, seed):
    case = _case(borrower, 40, seed=seed)
    stored, whole = letter_case_for(case, today=TODAY), letter_case(case_file_for(case, today=TODAY))
    assert isinstance(stored, facts.StoredLetterCase)
    for name in ("contact_analysis", "merged_harassment", "bombing_ports", "numbers", "night_example", "evidence_files"):
        assert getattr(stored, name) == getattr(whole, name), name
    # the flood's example keeps only what the letters print of it: when it came and its words
    *flood, example = whole.bombing_log
    assert stored.bombing_log == (*flood, {"at": example["at"], "text": example["text"]})
    assert [(item["at"], item.get("text")) for item in stored.quoted] == [(item["at"], item.get("text")) for item in whole.quoted]
    for day in [dt.date(2026, 1, 1), MAILED, dt.date(2026, 4, 1), dt.date(2026, 5, 1)]:
        assert stored.contacts_after(day) == whole.contacts_after(day), day


def test_a_log_the_services_never_summarised_is_read_whole(borrower):
    """Entries written around complaints.services.log (as tests and seeds write them) are not in the summary a new
    case starts with: the letters and the plan read the log itself."""
    data = {**load_case(), "today": TODAY.isoformat(), "log": []}
    case = case_create(owner=borrower, actor=borrower, data=data)
    LogEntry.objects.create(case=case, at=dt.datetime(2026, 3, 25, 23, tzinfo=clock.SHANGHAI), channel="call",
                            from_number=NUMBERS[0])
    read = letter_case_for(case, today=TODAY)
    assert not isinstance(read, facts.StoredLetterCase) and len(read.file["log"]) == 1
    assert read.file["evidence_held"]["log_entries"] == 1


def test_a_summary_without_the_letters_part_is_filled_by_the_migration(borrower):
    case = _case(borrower, 30)
    stored = dict(case.log_summary)
    Case.objects.filter(pk=case.pk).update(log_summary={key: value for key, value in stored.items() if key != "letters"})
    case.refresh_from_db()
    assert not isinstance(letter_case_for(case, today=TODAY), facts.StoredLetterCase)
    importlib.import_module("complaints.migrations.0021_biglog_letter_facts").fill_letter_facts(django_apps, None)
    case.refresh_from_db()
    assert case.log_summary == stored and isinstance(letter_case_for(case, today=TODAY), facts.StoredLetterCase)


def _queries(client, url: str) -> int:
    client.get(url)  # warm: the first request of a test reads sessions and caches once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["letters:list", "letters:preview"])
def test_letters_pages_run_the_same_queries_for_10_and_200_entries(client, borrower, page):
    small, big = _case(borrower, 10), _case(borrower, 200, seed=17)
    client.force_login(borrower)

    def url(case):
        return reverse(page, args=[case.pk, "collector_cease"] if page == "letters:preview" else [case.pk])

    assert _queries(client, url(small)) == _queries(client, url(big))
