"""complaints.pdf_fonts: the compacted PDF is much smaller and renders exactly as the uncompacted one."""

import subprocess

import pytest

from complaints.pdf import html_to_pdf
from complaints.pdf_fonts import compact_cff_font
from tests.pdf_tools import pdf_fonts, pdf_text

pytestmark = pytest.mark.pdf

DOCUMENT = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>
<h1>投诉书</h1><p>自2026年3月1日起，催收方多次在夜间拨打我的电话，并向我的家人和同事发送短信：“再不还钱就曝光你”。</p>
<p>请于2026年4月4日前书面答复。ABCxyz 0123456789</p></body></html>"""


def _pages_as_png(pdf: bytes, tmp_path, name: str) -> list[bytes]:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(tmp_path / name)], check=True)
    return [path.read_bytes() for path in sorted(tmp_path.glob(f"{name}-*.png"))]


def test_compacted_pdf_renders_identically_and_is_much_smaller(tmp_path):
    plain = html_to_pdf(DOCUMENT)
    compact = html_to_pdf(DOCUMENT, compact_fonts=True)
    assert len(compact) < len(plain) / 2
    assert _pages_as_png(compact, tmp_path, "compact") == _pages_as_png(plain, tmp_path, "plain")
    assert pdf_text(compact) == pdf_text(plain)
    assert all(font.embedded and font.subset for font in pdf_fonts(compact))


def test_fonts_it_does_not_understand_are_left_alone():
    assert compact_cff_font(b"\x00\x01\x00\x00truetype") == b"\x00\x01\x00\x00truetype"
    assert compact_cff_font(b"OTTO-but-broken") == b"OTTO-but-broken"
