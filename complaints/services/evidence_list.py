"""The evidence list (证据目录) as PDF, for the borrower, the letters and the court.

Numbering follows the order files were received, so the same case always gives the same
numbers. The PDF/A-3b variant carries every original file as an embedded attachment (the
bytes are hash-checked before they go in), so one file holds the list and the evidence.
"""

from zoneinfo import ZoneInfo

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation

from complaints.evidence_types import FORMAT_NAMES
from complaints.models import Case, Evidence
from complaints.pdf import html_to_pdf
from complaints.selectors import evidence_for_case
from complaints.services.evidence import evidence_open_verified

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF_A3B = "pdf/a-3b"
STYLESHEET = """
.meta { width: auto; margin: 0 0 10pt; }
.meta th, .meta td { border: 0; padding: 0 8pt 0 0; }
.note { font-size: 10pt; color: #333; }
.item { page-break-inside: avoid; margin: 0 0 10pt; }
.item th { width: 18%; white-space: nowrap; font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; background: #f0f0f0; }
.number { font-family: "Noto Sans CJK SC", sans-serif; font-weight: bold; }
.hash { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 8.5pt; letter-spacing: 0; overflow-wrap: anywhere; }
"""
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "audio/wav": "wav",
    "audio/mp4": "m4a", "audio/amr": "amr", "audio/amr-wb": "awb", "audio/mpeg": "mp3", "audio/aac": "aac",
    "video/mp4": "mp4", "video/quicktime": "mov", "application/pdf": "pdf", "application/xml": "xml",
    "text/csv": "csv", "text/plain": "txt",
}


def chinese_datetime(moment) -> str:
    local = timezone.localtime(moment, SHANGHAI)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}"


def attachment_name(number: int, evidence: Evidence) -> str:
    """`evidence-03.m4a`: the list's number and the extension the content has.

    ASCII on purpose: WeasyPrint keys the embedded-files name tree by the raw name bytes, which
    readers decode inconsistently when they are not ASCII; the borrower's own file name goes into
    the attachment's description (stored as Unicode) and into the list itself.
    """
    return f"evidence-{number:02d}.{EXTENSIONS.get(evidence.content_type, 'bin')}"


def evidence_list_rows(*, case: Case) -> list[dict]:
    return [
        {
            "number": number,
            "evidence": evidence,
            "format_name": FORMAT_NAMES.get(evidence.content_type, evidence.content_type),
            "received": chinese_datetime(evidence.received_at),
            "attachment_name": attachment_name(number, evidence),
        }
        for number, evidence in enumerate(evidence_for_case(case=case), start=1)
    ]


def evidence_list_pdf(*, case: Case, variant: str | None = None, actor=None) -> bytes:
    """The evidence list of `case` as PDF bytes; `variant="pdf/a-3b"` embeds the original files.

    Always in Chinese (it goes to collectors, regulators and courts). Embedding reads every file
    through evidence_open_verified, so a file whose hash no longer matches stops the PDF with
    EvidenceIntegrityError (audited) instead of putting altered evidence into it; each embedded
    read is audited as `evidence.embedded` for `actor`.
    """
    if variant not in (None, PDF_A3B):
        raise ValueError(f"unsupported evidence list variant: {variant}")
    rows = evidence_list_rows(case=case)
    attachments = []
    if variant == PDF_A3B:
        for row in rows:
            with evidence_open_verified(actor=actor, evidence=row["evidence"], purpose="embedded") as stored:
                content = stored.read()
            attachments.append(weasyprint.Attachment(
                string=content, name=row["attachment_name"], relationship="Source",
                description=f"证据{row['number']}：{row['evidence'].original_name}（SHA-256 {row['evidence'].sha256}）",
                created=row["evidence"].received_at, modified=row["evidence"].received_at,
            ))
    borrower = case.borrower_name or (case.data.get("borrower") or {}).get("name", "")
    with translation.override("zh-hans"):
        html = render_to_string("pdf/evidence_list.html", {
            "case": case, "borrower": borrower, "rows": rows, "embedded": variant == PDF_A3B,
            "generated": chinese_datetime(timezone.now()),
        })
    return html_to_pdf(html, stylesheets=(STYLESHEET,), pdf_variant=variant, attachments=attachments)
