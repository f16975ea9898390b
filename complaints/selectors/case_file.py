"""The one way a stored case becomes the case file of ../shared/spec/facts.md (`zhirao-case/1`).

The case hub's plan, the letters, the staff deadlines and the export all read a case through `case_file_for`,
so they see the same sections, the same confirmed log and the same "today" (Asia/Shanghai, guidance.clock).
"""

import copy
import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaints.models import Case, Evidence, LogEntry
from guidance import clock
from guidance.schema import CASE_SPEC, parse_case_file


def _log(case: Case) -> list[dict]:
    """The confirmed log entries (imports awaiting review are left out), oldest first, as facts.md `log` items."""
    log = []
    entries = case.log_entries.filter(pending_review=False).prefetch_related("evidence").order_by("at", "id")
    for entry in entries:
        item = {"at": timezone.localtime(entry.at, clock.SHANGHAI).isoformat(), "channel": entry.channel, "target": entry.target}
        if entry.from_number:
            item["from_number"] = entry.from_number
        if entry.text:
            item["text"] = entry.text
        hashes = sorted(f"sha256:{evidence.sha256}" for evidence in entry.evidence.all())
        if hashes:
            item["evidence"] = hashes
        log.append(item)
    return log


def case_file_stored(case: Case, *, with_log: bool = True) -> dict:
    """The case file exactly as stored (its sections and its log), without a `today`: what an export writes.

    `with_log=False` leaves the log out: the stored sections already hold what the log proves (services.log
    merges it into `harassment` and `collector.numbers` whenever the log changes), so a reader that needs only
    those facts, not the entries themselves, need not load thousands of entries."""
    data = {"spec": CASE_SPEC, **copy.deepcopy(case.data or {})}
    data.pop("today", None)
    data.pop("evidence_held", None)
    log = _log(case) if with_log else []
    if log:
        data["log"] = log
    return data


def _count_of(model, **filters) -> Coalesce:
    rows = model.objects.filter(case=OuterRef("pk"), **filters).order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def evidence_held(case: Case) -> dict:
    """How many evidence files and confirmed log entries the case holds (one query): the plan counts the evidence
    kept from these, with or without the log loaded."""
    counts = Case.objects.filter(pk=case.pk).values(
        held_files=_count_of(Evidence), held_log_entries=_count_of(LogEntry, pending_review=False)).get()
    return {"files": counts["held_files"], "log_entries": counts["held_log_entries"]}


def case_file_for(case: Case, *, today: dt.date | None = None, with_log: bool = True) -> dict:
    """The case file as of `today` (default: today in Asia/Shanghai), checked and normalised by the contract's
    parser, with `evidence_held` counted from what is stored. Raises guidance.schema.CaseFileError when the stored
    case no longer passes the contract."""
    data = {**case_file_stored(case, with_log=with_log), "evidence_held": evidence_held(case)}
    return parse_case_file(data, today=today or clock.today())
