"""Letters and envelopes as PDF bytes, always through complaints.pdf.html_to_pdf (its fetcher refuses every URL)."""

from django.template.loader import render_to_string

from complaints.evidence_rows import EVIDENCE_LIST_CSS
from complaints.letters.compose import LetterDraft
from complaints.pdf import html_to_pdf

# Long unbroken strings (a pasted 5,000-character token) wrap anywhere instead of running off the page.
# One embedded font (Noto Serif CJK, regular) keeps a letter well under 200 KB: each further face or weight
# adds its own CJK subset. Headings stand out by size and spacing instead of weight.
LETTER_CSS = """
html, h1, h2, h3, .letter__to, th { font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; }
h1 { font-size: 20pt; }
h2 { font-size: 13.5pt; }
.letter { overflow-wrap: anywhere; word-break: break-all; }
.letter p, .letter li { margin: 0 0 4pt; text-align: justify; }
.letter__parties p { margin: 0; }
.letter__parties { margin: 0 0 10pt; }
.letter__demands li, .letter__attachments li { margin-bottom: 3pt; }
.letter__citation h3 { font-size: 11.5pt; margin: 8pt 0 2pt; text-decoration: underline; }
.letter__citation p { font-size: 10.5pt; line-height: 1.55; }
.letter__note { font-size: 9pt; color: #444; }
.letter__numbers { table-layout: fixed; font-size: 10.5pt; margin: 6pt 0; }
.letter__numbers caption { text-align: left; }
.letter__signature { margin-top: 24pt; margin-left: 55%; }
.letter__sign-line { display: inline-block; width: 35mm; border-bottom: 0.5pt solid #000; }
.letter h1, .letter h2, .letter h3 { break-after: avoid; page-break-after: avoid; }
.letter__narrative > p:first-child, .letter__salutation { break-after: avoid; page-break-after: avoid; }
.letter__numbers, .letter__numbers caption, .letter__numbers thead { break-before: avoid; }
.letter__numbers tr, .letter__citation p:first-of-type, .letter__signature { break-inside: avoid; }
.letter__numbers caption { break-after: avoid; }
.letter + .evidence-list { break-before: page; }
"""

# DL envelope (220 x 110 mm), China Post domestic layout: recipient postcode boxes top left, stamp top right,
# recipient address and name in the middle, sender address and postcode bottom right.
ENVELOPE_CSS = """
@page { size: 220mm 110mm; margin: 0; @bottom-center { content: none; } }
html, p { font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; font-size: 12pt; line-height: 1.4; }
body { width: 220mm; height: 110mm; position: relative; overflow-wrap: anywhere; word-break: break-all; }
.postcode { position: absolute; top: 10mm; left: 12mm; display: flex; gap: 2mm; margin: 0; padding: 0; list-style: none; }
.postcode li { width: 8mm; height: 10mm; border: 0.6pt solid #c00; text-align: center; font-size: 15pt; line-height: 10mm; }
.stamp { position: absolute; top: 8mm; right: 10mm; width: 20mm; height: 24mm; border: 0.6pt dashed #999; font-size: 8pt;
         color: #666; text-align: center; padding-top: 8mm; box-sizing: border-box; }
.recipient { position: absolute; top: 32mm; left: 25mm; right: 25mm; }
.recipient__address { font-size: 13pt; margin: 0 0 3mm; }
.recipient__name { font-size: 17pt; margin: 0; }
.sender { position: absolute; bottom: 8mm; right: 12mm; width: 110mm; text-align: right; font-size: 9.5pt; }
.sender p { margin: 0; }
"""


def letter_pdf(html: str, *, archival: bool = False, attachments=None) -> bytes:
    """The letter's PDF (with the evidence list after it when the HTML carries one); `archival` gives PDF/A-3b,
    with `attachments` (the evidence list's original files, hash-checked by the caller) embedded."""
    return html_to_pdf(html, stylesheets=(LETTER_CSS, EVIDENCE_LIST_CSS), pdf_variant="pdf/a-3b" if archival else None,
                       attachments=attachments, compact_fonts=True)


def envelope_parties(draft: LetterDraft) -> tuple[dict, dict]:
    """(addressee, sender) as the envelope prints them; a Letter row stores the same two dicts."""
    return ({"name": draft.addressee.name, "address": draft.addressee.address, "postcode": draft.addressee.postcode},
            {"name": draft.sender.name, "address": draft.sender.address, "postcode": draft.sender.postcode})


def _six_digits(value: str) -> bool:
    return len(value) == 6 and value.isdigit()


def envelope_missing(addressee: dict, sender: dict) -> list[str]:
    """What the envelope still needs (in Chinese); an envelope is only made when this is empty."""
    missing = []
    if not addressee.get("address"):
        missing.append("收件方的通讯地址")
    if not _six_digits(addressee.get("postcode") or ""):
        missing.append("收件方地址的邮政编码（6位数字）")
    if not sender.get("address"):
        missing.append("你的通讯地址")
    if not _six_digits(sender.get("postcode") or ""):
        missing.append("你的邮政编码（6位数字）")
    return missing


def envelope_pdf(addressee: dict, sender: dict) -> bytes:
    html = render_to_string("letters/envelope.html", {"addressee": addressee, "sender": sender,
                                                      "postcode_digits": list(addressee.get("postcode") or "")})
    return html_to_pdf(html, stylesheets=(ENVELOPE_CSS,), compact_fonts=True)
