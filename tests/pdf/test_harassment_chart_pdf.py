"""The harassment chart inline in a PDF (as the letters embed it): its Chinese labels are real text in CJK fonts."""

import pytest

from complaints.pdf import html_to_pdf
from guidance.analysis import analyse_log, harassment_chart_svg
from tests.pdf_tools import pdf_fonts, pdf_text

pytestmark = pytest.mark.pdf


def test_chart_renders_in_a_pdf_with_its_labels():
    log = [
        {"at": "2026-03-14T22:41:00+08:00", "channel": "sms", "from_number": "17012345678", "target": "self"},
        {"at": "2026-03-14T10:00:00+08:00", "channel": "call", "from_number": "17012345678", "target": "family"},
        {"at": "2026-03-16T07:59:00+08:00", "channel": "sms", "from_number": "10690000123456", "target": "self"},
    ]
    svg = harassment_chart_svg(analyse_log(log))
    html = f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><h1>骚扰记录</h1><div>{svg}</div></body></html>'
    pdf = html_to_pdf(html)
    text = pdf_text(pdf)
    for label in ("每日被联系次数", "3月14日", "3月15日", "3月16日", "日期", "夜间"):
        assert label in text, label
    fonts = pdf_fonts(pdf)
    assert all(font.embedded for font in fonts)
    assert any("CJK" in font.name for font in fonts)
