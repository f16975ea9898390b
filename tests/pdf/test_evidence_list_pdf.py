"""The evidence list (证据目录) read from the real PDF: text, full hashes, fonts, and the embedded originals."""

import hashlib
import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.evidence_list import evidence_list_pdf
from complaints.models import AuditEvent
from complaints.services.evidence import EvidenceIntegrityError, evidence_update, evidence_upload
from guidance.clock import chinese_timestamp
from tests.factories import CaseFactory
from tests.fixtures.evidence import samples
from tests.pdf_tools import a4_pages, pdf_attachment_names, pdf_fonts, pdf_reader, pdf_text

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]

FILES = [
    ("Screenshot_20260314-224100.jpg", samples.jpeg, "3月14日22:41催收员发来的威胁短信截图", "催收方夜间发送威胁曝光的短信"),
    ("通话录音 17012345678.mp3", samples.mp3, "3月15日通话录音", "催收员辱骂并称要通知单位"),
    ("sms-20260314230511.xml", samples.sms_backup_xml, "", ""),
]


@pytest.fixture
def case_with_evidence():
    case = CaseFactory(borrower_name="李四")
    for name, build, description, proves in FILES:
        outcome = evidence_upload(actor=case.owner, case=case, uploaded=SimpleUploadedFile(name, build()))
        evidence_update(actor=case.owner, evidence=outcome.evidence, description=description, proves=proves)
    return case


def _joined(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_list_names_the_case_and_every_file_with_its_full_hash(case_with_evidence):
    case = case_with_evidence
    pdf = evidence_list_pdf(case=case)
    text = pdf_text(pdf)
    assert "证据目录" in text
    assert case.reference in text and "李四" in text
    for number, evidence in enumerate(case.evidence.order_by("received_at", "id"), start=1):
        assert f"证据{number}" in text
        assert evidence.sha256 in text, "the full hash must be copyable as one string"
        assert chinese_timestamp(evidence.received_at) in text
    flat = _joined(text)
    assert "3月14日22:41催收员发来的威胁短信截图" in flat and "催收方夜间发送威胁曝光的短信" in flat
    assert "sms-20260314230511.xml" in flat  # no description: the file name stands in
    # A file whose proof the borrower did not state has no 证明内容 line, rather than a "not filled in" on every file.
    assert "未填写" not in flat and flat.count("证明内容") == case.evidence.exclude(proves="").count() > 0
    assert "短信导出（XML" in flat and "录音（MP3" in flat and "截图/照片（JPEG" in flat
    assert a4_pages(pdf)


def test_received_times_are_in_beijing_time():
    from datetime import UTC, datetime

    assert chinese_timestamp(datetime(2026, 3, 14, 14, 41, 5, tzinfo=UTC)) == "2026年3月14日 22:41:05"


def test_every_font_is_embedded(case_with_evidence):
    fonts = pdf_fonts(evidence_list_pdf(case=case_with_evidence))
    assert fonts and all(font.embedded for font in fonts), fonts
    assert any("CJK" in font.name for font in fonts)
    assert any("Mono" in font.name for font in fonts), "hashes are set in a monospaced font"


def test_the_plain_list_embeds_no_files(case_with_evidence):
    assert pdf_attachment_names(evidence_list_pdf(case=case_with_evidence)) == []


def test_the_pdf_a3b_variant_carries_every_original_file_byte_for_byte(case_with_evidence):
    case = case_with_evidence
    pdf = evidence_list_pdf(case=case, variant="pdf/a-3b", actor=case.owner)
    reader = pdf_reader(pdf)
    attachments = reader.attachments
    assert sorted(attachments) == ["evidence-01.jpg", "evidence-02.mp3", "evidence-03.xml"]
    originals = {name: build() for name, build, _d, _p in FILES}
    for (name, _build, _d, _p), attachment in zip(FILES, sorted(attachments), strict=True):
        (content,) = attachments[attachment]
        assert hashlib.sha256(content).hexdigest() == hashlib.sha256(originals[name]).hexdigest()
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"].get_object()["/Names"]
    descriptions = [spec.get_object()["/Desc"] for spec in names[1::2]]
    assert descriptions[1].startswith("证据2：通话录音 17012345678.mp3（SHA-256 ")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp, xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp or 'pdfaid:conformance="B"' in xmp, xmp
    assert "/AF" in reader.trailer["/Root"]
    text = pdf_text(pdf)
    assert "本PDF文件内嵌了下列全部原始文件" in _joined(text)
    assert AuditEvent.objects.filter(action="evidence.embedded", case_id=case.pk).count() == 3


def test_a_tampered_file_stops_the_archive_instead_of_embedding_it(case_with_evidence):
    evidence = case_with_evidence.evidence.order_by("id").last()
    storage = storages["default"]
    storage.delete(evidence.storage_name)
    storage.save(evidence.storage_name, SimpleUploadedFile("x", b"<smses count='0'></smses>"))
    with pytest.raises(EvidenceIntegrityError):
        evidence_list_pdf(case=case_with_evidence, variant="pdf/a-3b")
    assert AuditEvent.objects.filter(action="evidence.integrity_failed", subject_id=str(evidence.pk)).exists()


def test_an_empty_case_gets_a_list_saying_so():
    text = pdf_text(evidence_list_pdf(case=CaseFactory()))
    assert "本案件尚未上传任何证据" in text


def test_the_pdf_downloads_as_an_attachment(client, case_with_evidence):
    case = case_with_evidence
    client.force_login(case.owner)
    response = client.get(reverse("evidence:list_pdf", kwargs={"case_id": case.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert case.evidence.first().sha256 in pdf_text(response.content)
    archive = client.get(reverse("evidence:archive_pdf", kwargs={"case_id": case.pk}))
    assert archive.status_code == 200 and len(pdf_attachment_names(archive.content)) == 3
