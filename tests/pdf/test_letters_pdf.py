"""Every letter kind as a real PDF: what a reader sees (text), fonts, paper, pages; envelopes; hostile input."""

import re

import pytest

from complaints.letters.compose import compose, render_html
from complaints.letters.output import envelope_parties, envelope_pdf, letter_pdf
from complaints.letters.registry import KIND_ORDER
from complaints.management.letter_samples import COMPLETE_INPUTS, TODAY, case_with, load_case, target_for
from tests.pdf_tools import a4_pages, pdf_attachment_names, pdf_fonts, pdf_reader, pdf_text

pytestmark = pytest.mark.pdf
MAX_PAGES = 6


def flat(text: str) -> str:
    """The PDF text without the line breaks and spaces the layout adds, so wrapped sentences compare whole."""
    return re.sub(r"\s+", "", text)


def render(kind, case=None, **kwargs):
    draft = compose(case or load_case(), kind, today=TODAY, target=target_for(kind),
                    inputs={**COMPLETE_INPUTS.get(kind, {}), **kwargs.pop("inputs", {})}, **kwargs)
    return draft, letter_pdf(render_html(draft))


@pytest.fixture(scope="module", params=KIND_ORDER)
def rendered(request):
    return render(request.param)


def test_parties_dates_demands_and_citations_extract_as_text(rendered):
    draft, pdf = rendered
    text = flat(pdf_text(pdf))
    assert flat(draft.title) in text
    assert "张三" in text and "13800138000" in text
    assert flat(draft.addressee.name) in text
    if draft.addressee.address:
        assert flat(draft.addressee.address) in text
    if draft.kind != "report_12321":
        assert "广东省深圳市南山区科技园路1号" in text
    assert "2026年3月20日" in text
    if draft.reply_by:
        assert f"{draft.reply_by.year}年{draft.reply_by.month}月{draft.reply_by.day}日" in text
    for demand in draft.demands:
        assert flat(demand) in text, demand
    for citation in draft.citations:
        assert flat(f"《{citation.law_title}》{citation.article}") in text
        assert flat(citation.paragraphs[0]) in text


def test_fonts_embedded_a4_and_page_count(rendered):
    draft, pdf = rendered
    fonts = pdf_fonts(pdf)
    assert fonts and all(font.embedded for font in fonts)
    assert a4_pages(pdf)
    assert 1 <= len(pdf_reader(pdf).pages) <= MAX_PAGES, draft.kind
    assert len(pdf) <= 200 * 1024, (draft.kind, len(pdf))


def test_no_placeholder_text(rendered):
    _draft, pdf = rendered
    text = pdf_text(pdf)
    for placeholder in ("None", "{{", "}}", "{%", "《》", "undefined", "TODO"):
        assert placeholder not in text


HOSTILE_NAME = '<img src=file:///etc/passwd><link rel=attachment href=file:///etc/hostname></style>'
LONG = "催" * 20 + "A" * 5000


def test_hostile_input_fetches_attaches_and_injects_nothing():
    case = case_with(borrower__name=HOSTILE_NAME, collector__name="</style><style>*{display:none}</style>某公司" + LONG[:300])
    _draft, pdf = render("collector_cease", case=case, narrative=LONG + HOSTILE_NAME, demands=[LONG[:290], HOSTILE_NAME])
    assert pdf_attachment_names(pdf) == []
    assert b"root:" not in pdf
    text = flat(pdf_text(pdf))
    assert flat("<img src=file:///etc/passwd>") in text  # shown as text, not loaded
    assert "停止违规催收通知函" in text  # the injected style hid nothing
    assert a4_pages(pdf) and len(pdf_reader(pdf).pages) <= MAX_PAGES + 2


def test_long_unbroken_strings_wrap_inside_the_page():
    reader_pdf = render("collector_cease", case=case_with(borrower__name=LONG[:400]), narrative=LONG)[1]
    reader = pdf_reader(reader_pdf)
    width = float(reader.pages[0].mediabox.width)
    # Every text run starts inside the page: nothing was pushed off to the right.
    positions = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: positions.append(tm[4]) if text.strip() else None)
    assert positions and max(positions) < width


def test_pdfa_variant():
    draft, _pdf = render("lender_complaint")
    archival = letter_pdf(render_html(draft), archival=True)
    catalog = pdf_reader(archival).trailer["/Root"]
    metadata = catalog["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata and b"3" in metadata and b"pdfaid:conformance" in metadata
    assert "/OutputIntents" in catalog
    assert "某某消费金融有限公司" in pdf_text(archival)


def test_same_data_gives_the_same_pdf_bytes():
    first, second = render("pipl_request")[1], render("pipl_request")[1]
    assert first == second


def test_envelope_is_dl_with_postcodes_recipient_and_sender():
    draft, _pdf = render("lender_complaint")
    envelope = envelope_pdf(*envelope_parties(draft))
    page = pdf_reader(envelope).pages[0]
    mm = 72 / 25.4
    assert abs(float(page.mediabox.width) - 220 * mm) < 1 and abs(float(page.mediabox.height) - 110 * mm) < 1
    assert len(pdf_reader(envelope).pages) == 1
    text = pdf_text(envelope)
    assert re.search(r"4\s*0\s*0\s*0\s*1\s*0", text)  # recipient postcode boxes
    assert "某某消费金融有限公司" in text and "重庆市渝中区解放碑路88号" in text
    assert "广东省深圳市南山区科技园路1号" in text and "518000" in text
    assert all(font.embedded for font in pdf_fonts(envelope))
