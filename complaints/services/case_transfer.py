"""A case out as a `zhirao-case/1` file (with its log), and a case file (plus its evidence ZIP) back in."""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.json_limits import MAX_DEPTH, JsonTooDeep, json_loads_limited
from complaints.models import Case, LogEntry
from complaints.selectors.case_file import case_file_stored
from complaints.services.audit import audit_record
from complaints.services.cases import case_create, case_file_checked
from complaints.services.evidence_archive import evidence_archive_import, evidence_archive_stream, evidence_files_delete
from complaints.services.log import case_log_summary_store

EVIDENCE_ZIP_SUFFIX = "-evidence.zip"


def _log_entries_create(*, case: Case, log: list[dict], actor) -> None:
    by_hash = dict(case.evidence.values_list("sha256", "pk"))
    for position, item in enumerate(log):
        wanted = [reference.removeprefix("sha256:") for reference in item.get("evidence", [])]
        missing = [digest for digest in wanted if digest not in by_hash]
        if missing:
            raise ValidationError(
                _("log[%(position)d].evidence：案件里没有文件 sha256:%(digest)s…，请同时导入证据压缩包。"),
                code="missing_evidence", params={"position": position, "digest": missing[0][:12]},
            )
        entry = LogEntry(
            case=case, at=datetime.datetime.fromisoformat(item["at"]), channel=item.get("channel", LogEntry.Channel.OTHER),
            from_number=item.get("from_number", ""), target=item.get("target", LogEntry.Target.SELF), text=item.get("text", ""),
        )
        try:
            entry.full_clean(exclude=["case"])
        except ValidationError as error:
            raise ValidationError(f"log[{position}]: {' '.join(error.messages)}", code="invalid_log_entry") from None
        entry.save()
        entry.evidence.set([by_hash[digest] for digest in wanted])
    if log:
        audit_record(actor=actor, action="log.import", subject=case, case_id=case.pk, new={"entries": len(log)})


def _case_file_loaded(case_file):
    """A case file given as text or bytes, parsed with a limit on nesting (complaints.json_limits); a dict as is.
    Text that is not JSON goes on unparsed, for the contract's parser to say where it is wrong."""
    if isinstance(case_file, bytes | bytearray):
        try:
            case_file = bytes(case_file).decode("utf-8-sig")
        except UnicodeDecodeError:
            return case_file
    if not isinstance(case_file, str):
        return case_file
    try:
        return json_loads_limited(case_file)
    except JsonTooDeep:
        raise ValidationError(_("案件文件的结构嵌套太深（超过 %(depth)d 层），不是止扰导出的案件文件。"),
                              code="too_deep", params={"depth": MAX_DEPTH}) from None
    except ValueError:
        return case_file


@transaction.atomic
def case_import(*, case_file, owner, actor, evidence_archive=None, tree_version: str = "") -> Case:
    """A new case from a `zhirao-case/1` file (dict, JSON text or bytes), with its log and, when given,
    the evidence ZIP that `case_export` wrote. Atomic: a bad file or ZIP leaves nothing behind. Audited.

    Raises ValidationError (the case file, a log entry's missing evidence) or EvidenceArchiveError.
    """
    data = case_file_checked(_case_file_loaded(case_file))
    case = case_create(owner=owner, actor=actor, data=data, tree_version=tree_version)
    imported = []
    try:
        if evidence_archive is not None:
            imported = evidence_archive_import(case=case, archive_file=evidence_archive, actor=actor)
        _log_entries_create(case=case, log=data.get("log", []), actor=actor)
        case_log_summary_store(case=case)
    except Exception:
        # The database rolls back; the files already in storage must go too.
        evidence_files_delete(evidence.storage_name for evidence in imported)
        raise
    audit_record(actor=actor, action="case.import", subject=case, case_id=case.pk, new={"reference": case.reference, "log_entries": len(data.get("log", []))})
    return case


def case_file_export_write(case: Case, directory: Path) -> tuple[Path, Path]:
    """Write DIR/<reference>.json and DIR/<reference>-evidence.zip; returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / f"{case.reference}.json"
    json_path.write_text(json.dumps(case_file_stored(case), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    zip_path = directory / f"{case.reference}{EVIDENCE_ZIP_SUFFIX}"
    with zip_path.open("wb") as target:
        for chunk in evidence_archive_stream(case):
            target.write(chunk)
    return json_path, zip_path


def evidence_zip_path_for(case_file_path: Path) -> Path | None:
    """The evidence ZIP case_export wrote next to a case file, if it is there."""
    candidate = case_file_path.with_name(case_file_path.stem + EVIDENCE_ZIP_SUFFIX)
    return candidate if candidate.exists() else None
