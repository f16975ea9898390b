"""The rows of the evidence list (证据目录) and how they print, whether it stands alone or follows a letter.

Rows come from the stored Evidence of a case, or from the manifest of an evidence ZIP that case_export wrote
(the command line renders letters from a case file and that ZIP, with no database). Numbering follows the
order files were received, so the same evidence always gives the same numbers, and nothing in a row depends
on the time it is printed: a letter that carries the list keeps the same HTML, and the same stored-as-sent
hash, until the evidence itself changes.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass

import weasyprint
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from complaints.evidence_types import FORMAT_NAMES
from complaints.letters import facts as f
from complaints.models import Evidence
from guidance.clock import chinese_timestamp

EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "audio/wav": "wav",
    "audio/mp4": "m4a", "audio/amr": "amr", "audio/amr-wb": "awb", "audio/mpeg": "mp3", "audio/aac": "aac",
    "video/mp4": "mp4", "video/quicktime": "mov", "application/pdf": "pdf", "application/xml": "xml",
    "text/csv": "csv", "text/plain": "txt",
}
# Scoped to the list, so the same rules serve the stand-alone PDF and the pages after a letter.
EVIDENCE_LIST_CSS = """
.evidence-list h1, .evidence-list h2 { font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; font-size: 18pt;
                                       text-align: center; margin: 0 0 12pt; }
.evidence-list .meta { width: auto; margin: 0 0 10pt; }
.evidence-list .meta th, .evidence-list .meta td { border: 0; padding: 0 8pt 0 0; }
.evidence-list .note { font-size: 10pt; color: #333; }
.evidence-list .item { page-break-inside: avoid; margin: 0 0 10pt; }
.evidence-list .item th { width: 18%; white-space: nowrap; font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal;
                          background: #f0f0f0; }
.evidence-list .number { font-family: "Noto Sans CJK SC", sans-serif; }
.evidence-list .hash { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 8.5pt; letter-spacing: 0; overflow-wrap: anywhere; }
"""


@dataclass(frozen=True)
class EvidenceRow:
    number: int
    title: str  # the borrower's description, else the file name
    original_name: str
    kind_label: str
    format_name: str
    size: int
    received_at: dt.datetime | None  # None only for a hand-made manifest without the time
    sha256: str
    proves: str
    content_type: str
    source: str = ""  # who gave it, for a third party's file the borrower accepted ("借款人亲属王小明收到并提供")

    @property
    def received(self) -> str:
        return chinese_timestamp(self.received_at) if self.received_at else "（未记录）"

    @property
    def attachment_name(self) -> str:
        """`evidence-03.m4a`: the list's number and the extension the content has.

        ASCII on purpose: WeasyPrint keys the embedded-files name tree by the raw name bytes, which
        readers decode inconsistently when they are not ASCII; the borrower's own file name goes into
        the attachment's description (stored as Unicode) and into the list itself.
        """
        return f"evidence-{self.number:02d}.{EXTENSIONS.get(self.content_type, 'bin')}"


def _row(number: int, *, description: str, original_name: str, kind: str, content_type: str, size: int,
         received_at: dt.datetime, sha256: str, proves: str) -> EvidenceRow:
    return EvidenceRow(
        number=number, title=description or original_name, original_name=original_name,
        kind_label=str(Evidence.Kind(kind).label) if kind in Evidence.Kind.values else kind,
        format_name=FORMAT_NAMES.get(content_type, content_type), size=size, received_at=received_at,
        sha256=sha256, proves=proves, content_type=content_type,
    )


def third_party_of(evidence: Evidence):
    """The ThirdPartyUpload an accepted file came from, or None for the borrower's own file."""
    try:
        return evidence.third_party
    except Evidence.third_party.RelatedObjectDoesNotExist:
        return None


def third_party_words(evidence: Evidence) -> dict | None:
    """The slots the reviewed wording fills for a third party's file (relation and name, as the letters say them),
    or None for the borrower's own file."""
    upload = third_party_of(evidence)
    if upload is None:
        return None
    return _words(upload.relation, upload.uploader_name)


def _words(relation: str, name: str) -> dict:
    return {"relation": f.label("relations", relation), "person": name}


def _marked(row: EvidenceRow, description: str, words: dict | None) -> EvidenceRow:
    """The row of a third party's file says so: its source, and, when the borrower wrote no description, a name that
    says whose it was."""
    if words is None:
        return row
    title = description or f.say("evidence_title_third_party", kind=row.kind_label, **words)
    return dataclasses.replace(row, title=title, source=f.say("evidence_source_third_party", **words))


def rows_from_evidence(evidence) -> list[EvidenceRow]:
    """Rows of stored Evidence, given in list order (complaints.selectors.evidence_for_case); a third party's file
    says so (_marked)."""
    with translation.override("zh-hans"):  # the list is Chinese whatever the page's language
        return [
            _marked(_row(number, description=item.description, original_name=item.original_name, kind=item.kind,
                         content_type=item.content_type, size=item.size, received_at=item.received_at,
                         sha256=item.sha256, proves=item.proves),
                    item.description, third_party_words(item))
            for number, item in enumerate(evidence, start=1)
        ]


def rows_from_manifest(items: list[dict]) -> list[EvidenceRow]:
    """Rows of an evidence ZIP's checked manifest (complaints.services.evidence_archive.evidence_manifest_read),
    in the order the files were received, as the database would number them."""
    def received(item):
        moment = parse_datetime(str(item.get("received_at", "")))
        return moment if moment is not None and timezone.is_aware(moment) else None

    earliest = dt.datetime.min.replace(tzinfo=dt.UTC)
    ordered = sorted(items, key=lambda item: (received(item) is None, received(item) or earliest))  # stable: untimed keep their order
    def words(item):
        given = item.get("third_party")
        return _words(str(given.get("relation", "")), str(given.get("name", ""))) if isinstance(given, dict) else None

    with translation.override("zh-hans"):
        return [
            _marked(_row(number, description=str(item.get("description", "")),
                         original_name=str(item.get("original_name") or item["file"]), kind=item["kind"],
                         content_type=str(item.get("content_type", "")), size=int(item.get("size") or 0),
                         received_at=received(item), sha256=item["sha256"], proves=str(item.get("proves", ""))),
                    str(item.get("description", "")), words(item))
            for number, item in enumerate(ordered, start=1)
        ]


def evidence_attachment(row: EvidenceRow, content: bytes) -> weasyprint.Attachment:
    """The original file as a PDF/A-3 embedded file (`content` already checked against `row.sha256` by the caller)."""
    return weasyprint.Attachment(
        string=content, name=row.attachment_name, relationship="Source",
        description=f"证据{row.number}：{row.original_name}（SHA-256 {row.sha256}）",
        created=row.received_at, modified=row.received_at,
    )
