"""The evidence list (证据目录) as PDF, for the borrower, the letters and the court.

The rows and their layout are complaints.evidence_rows (shared with the letters that carry the list).
The PDF/A-3b variant carries every original file as an embedded attachment (the bytes are hash-checked
before they go in), so one file holds the list and the evidence.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from complaints.evidence_rows import (
    EVIDENCE_LIST_CSS,
    EvidenceRow,
    evidence_attachment,
    rows_from_evidence,
)
from complaints.models import Case
from complaints.pdf import html_to_pdf
from complaints.selectors import evidence_for_case
from complaints.services.evidence import evidence_open_verified
from guidance.clock import chinese_timestamp

PDF_A3B = "pdf/a-3b"


def evidence_list_rows(*, case: Case) -> list[EvidenceRow]:
    return rows_from_evidence(evidence_for_case(case=case))


def evidence_attachments(*, case: Case, rows: list[EvidenceRow], actor) -> list:
    """The original files of `rows` as PDF attachments, each read through evidence_open_verified: a file whose
    hash no longer matches raises EvidenceIntegrityError (audited) instead of going into the PDF; each embedded
    read is audited as `evidence.embedded` for `actor`."""
    by_hash = {item.sha256: item for item in evidence_for_case(case=case).filter(sha256__in=[row.sha256 for row in rows])}
    attachments = []
    for row in rows:
        with evidence_open_verified(actor=actor, evidence=by_hash[row.sha256], purpose="embedded") as stored:
            attachments.append(evidence_attachment(row, stored.read()))
    return attachments


def evidence_list_html(*, rows: list[EvidenceRow], meta: list[tuple[str, str]], embedded: bool, reference: str = "") -> str:
    """The stand-alone evidence list document (always in Chinese: it goes to collectors, regulators and courts)."""
    with translation.override("zh-hans"):
        return render_to_string("pdf/evidence_list.html", {"rows": rows, "meta": meta, "embedded": embedded, "reference": reference})


def evidence_list_document_pdf(html: str, *, attachments=None) -> bytes:
    """`attachments` given: PDF/A-3b with them embedded."""
    return html_to_pdf(html, stylesheets=(EVIDENCE_LIST_CSS,), pdf_variant=PDF_A3B if attachments is not None else None,
                       attachments=attachments)


def evidence_list_meta(*, borrower: str, count: int, reference: str = "", generated: str = "") -> list[tuple[str, str]]:
    """The lines above the list: case number, who submits it, how many files, and when it was made."""
    meta = [("案件编号", reference)] if reference else []
    meta += [("提交人", borrower)] if borrower else []
    meta.append(("证据数量", f"{count} 份"))
    meta += [("生成时间", f"{generated}（北京时间）")] if generated else []
    return meta


def evidence_list_pdf(*, case: Case, variant: str | None = None, actor=None) -> bytes:
    """The evidence list of `case` as PDF bytes; `variant="pdf/a-3b"` embeds the original files
    (through evidence_attachments: hash-checked, audited)."""
    if variant not in (None, PDF_A3B):
        raise ValueError(f"unsupported evidence list variant: {variant}")
    rows = evidence_list_rows(case=case)
    attachments = evidence_attachments(case=case, rows=rows, actor=actor) if variant == PDF_A3B else None
    borrower = case.borrower_name or (case.data.get("borrower") or {}).get("name", "")
    meta = evidence_list_meta(borrower=borrower, count=len(rows), reference=case.reference, generated=chinese_timestamp(timezone.now()))
    html = evidence_list_html(rows=rows, meta=meta, embedded=variant == PDF_A3B, reference=case.reference)
    return evidence_list_document_pdf(html, attachments=attachments)
