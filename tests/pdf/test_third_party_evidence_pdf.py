"""The evidence list, alone and after a letter, read from the real PDF: which evidence a third party gave, and who."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.evidence_list import evidence_list_pdf
from complaints.letters.compose import render_html
from complaints.letters.output import letter_pdf
from complaints.selectors.letters import draft_for
from complaints.services.evidence import evidence_update, evidence_upload
from complaints.services.third_party import evidence_accept, link_create, third_party_upload
from guidance import consent
from tests.factories import CaseFactory
from tests.fixtures.evidence import samples
from tests.pdf_tools import pdf_text

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]


def _joined(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def case():
    case = CaseFactory(borrower_name="李四")
    own = evidence_upload(actor=case.owner, case=case, uploaded=SimpleUploadedFile("mine.jpg", samples.jpeg())).evidence
    evidence_update(actor=case.owner, evidence=own, description="本人收到的威胁短信截图", proves="")
    link = link_create(actor=case.owner, case=case, days=3).link
    for name, relation, data in (("王小明", "family", samples.png()), ("张经理", "employer", samples.mp3())):
        third_party_upload(link=link, uploaded=SimpleUploadedFile("shot", data), uploader_name=name, relation=relation,
                           consent_version=consent.current("third_party").version)
    for upload in case.third_party_uploads.order_by("id"):
        evidence_accept(actor=case.owner, upload=upload)
    return case


def test_the_evidence_list_names_third_party_evidence_and_its_source(case):
    text = _joined(pdf_text(evidence_list_pdf(case=case)))
    assert "证据1" in text and "本人收到的威胁短信截图" in text
    assert "借款人亲属王小明收到的截图/照片" in text
    assert "证据来源借款人亲属王小明收到并提供" in text
    assert "借款人工作单位人员张经理收到的录音" in text
    assert "证据来源借款人工作单位人员张经理收到并提供" in text
    assert text.count("证据来源") == 2  # the borrower's own file has no third-party source line


def test_a_letter_carries_the_evidence_list_with_the_third_party_source(case):
    """The PIPL request the accepted files support, with the evidence list printed after it."""
    draft = draft_for(case, "pipl_request", "")
    text = _joined(pdf_text(letter_pdf(render_html(draft))))
    assert "个人信息" in text
    assert "证据来源借款人亲属王小明收到并提供" in text
    assert "借款人工作单位人员张经理收到的录音" in text
