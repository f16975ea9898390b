"""Read as printed: no heading left alone at the foot of a page, no 0 shown as a count of contacts, no placeholder,
and the code-bombing letters say what the flood is (PDF text via pdftotext)."""

import re

import pytest

from complaints.letters.compose import letter_targets, render_html
from complaints.letters.output import letter_pdf
from tests.pdf_tools import pdf_text
from tests.unit.test_letters_facts import CASES, draft

pytestmark = pytest.mark.pdf

HEADING = re.compile(r"^(一|二|三)、|^附件$|^附：$|^涉及的号码$|^《.*》第.*条$|^诉讼请求$|^事实与理由$|^法律依据$|^证据和证据来源$")
PAGE_NUMBER = re.compile(r"^\d+/\d+$")


@pytest.mark.parametrize("index", [0, 1, 3])
def test_no_heading_is_stranded_at_the_foot_of_a_page(index):
    case = CASES[index]
    for kind, target in letter_targets(case):
        letter = draft(case, kind, target)
        if letter.missing:
            continue
        text = pdf_text(letter_pdf(render_html(letter)))
        for number, page in enumerate(text.split("\f")[:-1], start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip() and not PAGE_NUMBER.match(line.strip())]
            assert not (lines and HEADING.search(lines[-1])), (kind, number, lines[-1])
        assert "{" not in text and "None" not in text
        if kind in ("collector_cease", "police_report") and index == 1:
            flat = re.sub(r"\s+", "", text)
            assert "验证码短信轰炸" in flat and "并非催收方自己的号码" in flat
