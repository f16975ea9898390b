"""Read a real PDF the way a reader would: its text (pdftotext), its fonts (pdffonts), its pages and attachments (pypdf)."""

import io
import subprocess
import tempfile
from dataclasses import dataclass

import pypdf


def _with_file(pdf_bytes: bytes, command: list[str]) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf_bytes)
        handle.flush()
        return subprocess.run([*command, handle.name, "-"] if command[0] == "pdftotext" else [*command, handle.name],
                              check=True, capture_output=True, text=True).stdout


def pdf_text(pdf_bytes: bytes) -> str:
    """The text as pdftotext extracts it, with the layout kept, so a line reads as printed."""
    return _with_file(pdf_bytes, ["pdftotext", "-layout", "-enc", "UTF-8"])


@dataclass(frozen=True)
class PdfFont:
    name: str
    embedded: bool
    subset: bool


def pdf_fonts(pdf_bytes: bytes) -> list[PdfFont]:
    lines = _with_file(pdf_bytes, ["pdffonts"]).splitlines()[2:]
    fonts = []
    for line in lines:
        # name, type..., encoding, emb, sub, uni, object, ID: the flags are the 5th-3rd columns from the end.
        columns = line.split()
        emb, sub = columns[-5], columns[-4]
        fonts.append(PdfFont(name=columns[0], embedded=emb == "yes", subset=sub == "yes"))
    return fonts


def pdf_reader(pdf_bytes: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf_bytes))


def pdf_attachment_names(pdf_bytes: bytes) -> list[str]:
    return sorted(pdf_reader(pdf_bytes).attachments)


def a4_pages(pdf_bytes: bytes) -> bool:
    """True when every page is A4 (210 x 297 mm) to within a point."""
    a4 = (595.28, 841.89)
    return all(
        abs(float(page.mediabox.width) - a4[0]) < 1 and abs(float(page.mediabox.height) - a4[1]) < 1
        for page in pdf_reader(pdf_bytes).pages
    )
