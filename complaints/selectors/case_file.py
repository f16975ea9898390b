"""The one way a stored case becomes the case file of ../shared/spec/facts.md (`zhirao-case/1`).

The case hub's plan, the letters, the staff deadlines and the export all read a case through `case_file_for`,
so they see the same sections, the same confirmed log and the same "today" (Asia/Shanghai, guidance.clock).
"""

import copy
import datetime as dt

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from complaints.letters.facts import StoredLetterCase
from complaints.models import Case, Evidence, LogEntry, ThirdPartyUpload
from complaints.selectors.sql_names import quoted_names
from guidance import clock
from guidance.analysis import SUMMARY_VERSION, LogAnalysis, analyse_log, analysis_from_json
from guidance.schema import CASE_SPEC, parse_case_file


def _log(case: Case) -> list[dict]:
    """The confirmed log entries (imports awaiting review are left out), oldest first, as facts.md `log` items.

    Read as plain rows, with the linked files' hashes in one more query, not as model instances with their
    evidence prefetched: a log can hold tens of thousands of entries."""
    confirmed = case.log_entries.filter(pending_review=False)
    hashes: dict[int, list[str]] = {}
    linked = LogEntry.evidence.through.objects.filter(logentry__in=confirmed).values_list("logentry_id", "evidence__sha256")
    for entry_id, sha256 in linked:
        hashes.setdefault(entry_id, []).append(f"sha256:{sha256}")
    return [log_item(at=at, channel=channel, target=target, from_number=from_number, text=text, evidence=hashes.get(entry_id, ()))
            for entry_id, at, channel, target, from_number, text in confirmed.order_by("at", "id").values_list(
                "id", "at", "channel", "target", "from_number", "text")]


def log_item(*, at: dt.datetime, channel: str, target: str, from_number: str, text: str, evidence=()) -> dict:
    """One stored log entry as a facts.md `log` item (`at` in Asia/Shanghai; `evidence`: its files' sha256 refs)."""
    item = {"at": timezone.localtime(at, clock.SHANGHAI).isoformat(), "channel": channel, "target": target}
    if from_number:
        item["from_number"] = from_number
    if text:
        item["text"] = text
    if evidence:
        item["evidence"] = sorted(evidence)
    return item


def case_file_stored(case: Case, *, with_log: bool = True) -> dict:
    """The case file exactly as stored (its sections and its log), without a `today`: what an export writes.

    `with_log=False` leaves the log out: the stored sections already hold what the log proves (services.log
    merges it into `harassment` and `collector.numbers` whenever the log changes), so a reader that needs only
    those facts, not the entries themselves, need not load thousands of entries."""
    data = {"spec": CASE_SPEC, **copy.deepcopy(case.data or {})}
    data.pop("today", None)
    data.pop("evidence_held", None)
    if not with_log:
        return data
    log = _log(case)
    if log:
        data["log"] = log
    return data


def evidence_held(case: Case) -> dict:
    """How many evidence files and confirmed log entries the case holds: the plan counts the evidence kept from
    these, with or without the log loaded. The entries as the summary services.log stored at the log's last change
    counts them (so a plan costs the same whatever the log's length), or counted from an index (LogEntry's
    logentry_case_pending) for a case whose summary they never wrote."""
    return case_counts(case)["evidence_held"]


# One case's rows that case_counts counts (and evidence_total_bytes sums): each the model and the condition on its
# columns (by field name).
_COUNTED = {
    "files": (Evidence, "{case} = %s"),
    "log_entries": (LogEntry, "{case} = %s AND NOT {pending_review}"),  # the confirmed entries
    "third_party_pending": (ThirdPartyUpload, "{case} = %s AND " + ThirdPartyUpload.WAITING_SQL),
}


def case_counts(case: Case, *, third_party_pending: bool = False) -> dict:
    """evidence_held, and with `third_party_pending` the number of third parties' uploads waiting for the borrower.

    One SQL statement written out, as complaints.session_store does for the session: every view of the case hub
    counts these, and through the ORM the counts cost ~1 ms of CPU (building three queries, or one of subqueries),
    against ~0.1 ms for the statement. Each count is the indexed lookup the ORM's would be."""
    written = _written_summary(case)
    names = ["files", *([] if written else ["log_entries"]), *(["third_party_pending"] if third_party_pending else [])]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(case_rows_sql(name) for name in names), [case.pk] * len(names))
        row = dict(zip(names, cursor.fetchone(), strict=True))
    held = {"files": row["files"], "log_entries": written["total"] if written else row["log_entries"]}
    return {"evidence_held": held, "third_party_pending": row.get("third_party_pending", 0)}


def case_rows_sql(name: str, aggregate: str = "COUNT(*)") -> str:
    """The scalar subquery of one case's _COUNTED[name] rows: their count, or `aggregate` over their columns (by field
    name, e.g. "COALESCE(SUM({size}), 0)"); the case's id its one parameter."""
    model, condition = _COUNTED[name]
    table, columns = quoted_names(model)
    return f"(SELECT {aggregate.format(**columns)} FROM {table} WHERE {condition.format(**columns)})"  # noqa: S608 (names only, quoted_names)


def _written_summary(case: Case) -> dict | None:
    """Case.log_summary when complaints.services.log wrote it at a change of the log (it then holds the letters' part
    too), of this version: the summary of the confirmed log as it is. None for one a new case starts with (entries
    written around the services, as tests and seeds write them, are not in it) or of another version."""
    summary = case.log_summary or {}
    return summary if summary.get("version") == SUMMARY_VERSION and StoredLetterCase.readable(summary.get("letters")) else None


def written_log_summary(case: Case) -> LogAnalysis | None:
    """The analysis of the log in the summary the log services wrote (_written_summary); None without one."""
    written = _written_summary(case)
    return analysis_from_json(written) if written else None


def evidence_held_by_case(case_ids) -> dict[int, dict]:
    """evidence_held of several cases in two grouped queries, for pages that list many (the deadlines page)."""
    def counts(model, **filters):
        rows = model.objects.filter(case_id__in=case_ids, **filters).values("case_id").annotate(n=Count("pk")).order_by()
        return {row["case_id"]: row["n"] for row in rows}
    files, entries = counts(Evidence), counts(LogEntry, pending_review=False)
    return {case_id: {"files": files.get(case_id, 0), "log_entries": entries.get(case_id, 0)} for case_id in case_ids}


def log_analysis_for(case: Case) -> LogAnalysis:
    """What the case's confirmed log shows: the summary services.log stored when the log last changed, or, for a
    summary of an older guidance.analysis.SUMMARY_VERSION (or none yet), the log analysed afresh."""
    stored = analysis_from_json(case.log_summary)
    if stored is not None:
        return stored
    return analyse_log(LogEntry.objects.filter(case=case, pending_review=False).only("at", "channel", "from_number", "target"))


def case_file_for(case: Case, *, today: dt.date | None = None, with_log: bool = True, evidence: dict | None = None) -> dict:
    """The case file as of `today` (default: today in Asia/Shanghai), checked and normalised by the contract's
    parser, with `evidence_held` counted from what is stored (or `evidence`, its counts read already with other
    cases': evidence_held_by_case). Raises guidance.schema.CaseFileError when the stored case no longer passes the contract."""
    data = {**case_file_stored(case, with_log=with_log), "evidence_held": evidence if evidence is not None else evidence_held(case)}
    return parse_case_file(data, today=today or clock.today())
