"""Harassment-log writes: entries by hand, imports from SMS exports, review of imported messages,
and what the log adds to the case file (collector numbers, `harassment` summary).

Every function here is atomic and audited. Audit rows name the entry, its time, channel and target, never the
message text or the numbers, so they carry no personal data once the case is gone.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.storage import storages
from django.db import transaction

from complaints.letters.facts import log_summary_json
from complaints.models import Case, LogEntry
from complaints.selectors.case_file import log_item
from complaints.services.audit import audit_record
from complaints.services.numbers import case_numbers_sync
from complaints.services.triage import case_refresh_priority
from complaints.sms_import import ImportResult
from guidance.analysis import analyse_log, merge_harassment, stated_values, with_targets
from guidance.phones import normalize_number
from guidance.vocabulary import THIRD_PARTY_TARGETS

EDITABLE_FIELDS = ("at", "channel", "from_number", "target", "text")


def _facts(entry: LogEntry) -> dict:
    return {"at": entry.at.isoformat(), "channel": entry.channel, "target": entry.target, "source": entry.source}


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_file_refresh(*, actor, case: Case) -> None:
    """Carry the confirmed log and the accepted third-party evidence into the case file again (_case_file_update),
    for a change made elsewhere than the log (a third party's file accepted or deleted). Audited when the file changes."""
    _case_file_update(case, actor=actor)


def _third_party_targets(case: Case) -> list[str]:
    """The facts.md targets the accepted third-party evidence shows contacted: a relative's file shows relatives were."""
    relations = case.third_party_uploads.filter(evidence__isnull=False).order_by("received_at", "id").values_list("relation", flat=True)
    return [THIRD_PARTY_TARGETS[relation] for relation in relations]


def _case_file_update(case: Case, *, actor) -> None:
    """Carry what the confirmed log and the accepted third-party evidence prove into the case file: collector numbers
    and the `harassment` summary (the targets a third party's evidence shows contacted among them).

    What the borrower stated is never removed because the log does not show it; what only the log added
    goes again when the log stops showing it (an entry deleted, a mistyped number corrected). Case.log_merge
    keeps both sides of the last merge, so a later change by the borrower is told apart (stated_values).
    """
    case = _locked(case)
    confirmed = list(case.log_entries.filter(pending_review=False))
    data = dict(case.data or {})
    collector = dict(data.get("collector") or {})
    old_harassment = data.get("harassment") or {}
    old_numbers = list(collector.get("numbers") or [])
    last = case.log_merge or {}
    last_stated, last_merged = last.get("stated") or {}, last.get("merged") or {}
    # Field by field: a borrower who edits one harassment field keeps the log's part of the others.
    stated_harassment = stated_values(old_harassment, last_stated=last_stated.get("harassment") or {},
                                      last_merged=last_merged.get("harassment") or {})
    stated_numbers = stated_values({"numbers": old_numbers}, last_stated=last_stated, last_merged=last_merged).get("numbers", [])
    analysis = analyse_log(confirmed)
    new_harassment = with_targets(merge_harassment(stated_harassment, analysis.harassment_summary()),
                                  _third_party_targets(case))
    own = {normalize_number(number) for number in _borrower_phones(case)}
    new_numbers = list(stated_numbers)
    for entry in confirmed:
        number = normalize_number(entry.from_number or "")
        if number and number not in new_numbers and number not in own:
            new_numbers.append(number)

    merge = {"stated": {"harassment": stated_harassment, "numbers": stated_numbers},
             "merged": {"harassment": new_harassment, "numbers": new_numbers}}
    case.log_summary = _log_summary(confirmed, analysis)
    if new_harassment == old_harassment and new_numbers == old_numbers:
        case.log_merge = merge
        case.save(update_fields=["log_merge", "log_summary"])
        case_refresh_priority(case=case)  # the staff queue's priority reads the log's summary (night and daily counts)
        return
    data["harassment"] = new_harassment
    if new_numbers != old_numbers:
        collector["numbers"] = new_numbers
        data["collector"] = collector
    case.data, case.log_merge = data, merge
    case.save(update_fields=["data", "log_merge", "log_summary", "updated_at"])
    if new_numbers != old_numbers:
        case_numbers_sync(case)
    audit_record(
        actor=actor,
        action="case.log_summary_applied",
        subject=case,
        case_id=case.pk,
        old={"harassment": old_harassment},
        new={"harassment": new_harassment, "numbers_added": len(set(new_numbers) - set(old_numbers)),
             "numbers_removed": len(set(old_numbers) - set(new_numbers))},
    )
    case_refresh_priority(case=case)


@transaction.atomic
def case_log_summary_store(*, case: Case) -> None:
    """Store what the confirmed log shows (Case.log_summary) after entries were written other than through the
    functions here (a case file imported with its log). Atomic; not audited: it only restates the log."""
    confirmed = LogEntry.objects.filter(case=case, pending_review=False).only("at", "channel", "from_number", "target", "text")
    case.log_summary = _log_summary(confirmed)
    Case.objects.filter(pk=case.pk).update(log_summary=case.log_summary)


def _log_summary(confirmed, analysis=None) -> dict:
    """Case.log_summary of the confirmed entries (in log order), `analysis` their analysis when made already."""
    return log_summary_json([log_item(at=entry.at, channel=entry.channel, target=entry.target, from_number=entry.from_number,
                                      text=entry.text) for entry in confirmed], analysis)


def _borrower_phones(case: Case) -> list[str]:
    phones = [((case.data or {}).get("borrower") or {}).get("phone") or ""]
    if case.owner_id and case.owner.phone:
        phones.append(case.owner.phone)
    return [phone for phone in phones if phone]


@transaction.atomic
def log_entry_create(*, actor, case: Case, at, channel: str, from_number: str, target: str, text: str, evidence=()) -> LogEntry:
    """Add one contact the borrower records by hand; the case file's summary follows. Atomic, audited."""
    entry = LogEntry(case=case, at=at, channel=channel, from_number=from_number, target=target, text=text)
    entry.full_clean()
    entry.save()
    entry.evidence.set(evidence)
    audit_record(actor=actor, action="log_entry.created", subject=entry, case_id=case.pk, new=_facts(entry))
    _case_file_update(case, actor=actor)
    return entry


@transaction.atomic
def log_entry_update(*, actor, entry: LogEntry, evidence=None, **fields) -> LogEntry:
    """Change an entry's fields (any of EDITABLE_FIELDS) and, if given, its linked evidence. Atomic, audited."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    old = _facts(entry)
    changed = sorted(name for name, value in fields.items() if getattr(entry, name) != value)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    if evidence is not None:
        entry.evidence.set(evidence)
    audit_record(actor=actor, action="log_entry.updated", subject=entry, case_id=entry.case_id, old=old,
                 new={**_facts(entry), "changed": changed})
    if not entry.pending_review:
        _case_file_update(entry.case, actor=actor)
    return entry


@transaction.atomic
def log_entry_delete(*, actor, entry: LogEntry) -> None:
    """Remove one entry; what only it had added to the case file goes too (see _case_file_update). Atomic, audited."""
    audit_record(actor=actor, action="log_entry.deleted", subject=entry, case_id=entry.case_id, old=_facts(entry))
    case, confirmed = entry.case, not entry.pending_review
    entry.delete()
    if confirmed:
        _case_file_update(case, actor=actor)


@transaction.atomic
def case_log_staff_view_record(*, actor, case: Case) -> None:
    """Clinic staff reading a borrower's log is recorded, as their reads of evidence are."""
    audit_record(actor=actor, action="log.staff_view", subject=case, case_id=case.pk)


def import_key(at, from_number: str, text: str) -> str:
    return hashlib.sha256(f"{at.isoformat()}\x1f{from_number}\x1f{text}".encode()).hexdigest()


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    duplicates: int  # already in the log (pending or confirmed) from an earlier import


@transaction.atomic
def log_import(*, actor, case: Case, result: ImportResult, source_evidence=None) -> ImportOutcome:
    """Add every received message of a parsed SMS export as an entry waiting for the borrower's review.

    Idempotent: a message already imported into this case (same time, sender and text) is not added again.
    Entries link to `source_evidence`, the stored export they came from, when there is one. Atomic, audited.
    """
    _locked(case)
    existing = set(case.log_entries.exclude(import_key="").values_list("import_key", flat=True))
    created, duplicates = [], 0
    for message in result.messages:
        key = import_key(message.at, message.from_number, message.text)
        if key in existing:
            duplicates += 1
            continue
        existing.add(key)
        created.append(
            LogEntry(
                case=case,
                at=message.at,
                channel=message.channel,
                from_number=message.from_number[:32],
                target=LogEntry.Target.SELF,
                text=message.text,
                pending_review=True,
                source=LogEntry.Source.SMS_EXPORT,
                import_key=key,
            )
        )
    entries = LogEntry.objects.bulk_create(created)
    if source_evidence is not None and entries:
        through = LogEntry.evidence.through
        through.objects.bulk_create([through(logentry_id=entry.pk, evidence_id=source_evidence.pk) for entry in entries])
    audit_record(
        actor=actor,
        action="log.imported",
        subject=case,
        case_id=case.pk,
        new={
            "format": result.format,
            "created": len(entries),
            "duplicates": duplicates,
            "skipped": len(result.skipped),
            "not_received": result.not_received,
            "evidence_sha256": source_evidence.sha256 if source_evidence is not None else None,
        },
    )
    return ImportOutcome(created=len(entries), duplicates=duplicates)


@transaction.atomic
def log_entries_confirm(*, actor, case: Case, entries) -> int:
    """Make imported messages part of the log; the case file's summary and collector numbers follow. Atomic, audited."""
    ids = [entry.pk for entry in entries if entry.case_id == case.pk and entry.pending_review]
    count = LogEntry.objects.filter(case=case, pk__in=ids, pending_review=True).update(pending_review=False)
    audit_record(actor=actor, action="log.confirmed", subject=case, case_id=case.pk, new={"entries": ids})
    _case_file_update(case, actor=actor)
    return count


@transaction.atomic
def log_entries_discard(*, actor, case: Case, entries) -> int:
    """Throw away imported messages that are not about the harassment. Only pending entries are touched. Atomic, audited."""
    ids = [entry.pk for entry in entries if entry.case_id == case.pk and entry.pending_review]
    _total, by_model = LogEntry.objects.filter(case=case, pk__in=ids, pending_review=True).delete()
    audit_record(actor=actor, action="log.discarded", subject=case, case_id=case.pk, new={"entries": ids})
    return by_model.get(LogEntry._meta.label, 0)


class ExportUnreadable(Exception):
    """The stored export is missing or its bytes no longer match the hash taken when it was received."""


def evidence_export_read(*, actor, evidence) -> bytes:
    """The bytes of a stored SMS export, checked against its recorded SHA-256 before anything is parsed. Audited."""
    storage = storages["default"]
    if not storage.exists(evidence.storage_name):
        raise ExportUnreadable(evidence.pk)
    digest, chunks = hashlib.sha256(), []
    with storage.open(evidence.storage_name, "rb") as stored:
        for chunk in stored.chunks(256 * 1024):
            digest.update(chunk)
            chunks.append(chunk)
    if digest.hexdigest() != evidence.sha256:
        audit_record(actor=actor, action="evidence.integrity_failed", subject=evidence, case_id=evidence.case_id,
                     old={"sha256": evidence.sha256}, new={"sha256": digest.hexdigest(), "purpose": "log_import"})
        raise ExportUnreadable(evidence.pk)
    audit_record(actor=actor, action="evidence.read_for_import", subject=evidence, case_id=evidence.case_id)
    return b"".join(chunks)
