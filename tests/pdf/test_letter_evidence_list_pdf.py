"""A letter that names the evidence list carries it as its last pages: read from the real PDF (page order, numbers,
full SHA-256, fonts), the same letter while the evidence is unchanged, a new version when it changes, and the
PDF/A-3b variant with the original files embedded. Also over HTTP (preview, generate, download)."""

import hashlib
import io
import json
import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from complaints.management.letter_samples import CASE_PATH, load_case, stored_case
from complaints.models import AuditEvent, Letter
from complaints.services.evidence import evidence_update, evidence_upload
from complaints.services.letters import letter_generate, letter_pdf_bytes
from tests.factories import UserFactory
from tests.fixtures.evidence import samples
from tests.pdf_tools import a4_pages, pdf_fonts, pdf_reader, pdf_text

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]

FILES = [
    ("Screenshot_20260314-224100.jpg", samples.jpeg, "3月14日22:41威胁短信截图", "催收方夜间发送威胁短信"),
    ("通话录音 17012345678.mp3", samples.mp3, "3月15日通话录音 <img src=file:///etc/passwd> {{ x }}", ""),
    ("sms-20260314230511.xml", samples.sms_backup_xml, "", ""),
]


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


@pytest.fixture
def case(borrower):
    return stored_case(borrower)


@pytest.fixture
def case_with_evidence(case, borrower):
    for name, build, description, proves in FILES:
        outcome = evidence_upload(actor=borrower, case=case, uploaded=SimpleUploadedFile(name, build()))
        evidence_update(actor=borrower, evidence=outcome.evidence, description=description, proves=proves)
    return case


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")


def test_the_evidence_list_follows_the_letter_as_its_last_pages(case_with_evidence, borrower):
    letter, created = letter_generate(actor=borrower, case=case_with_evidence, kind="collector_cease")
    pdf = letter_pdf_bytes(letter)
    pages = [_flat(page) for page in _pages(pdf) if page.strip()]
    first_list_page = next(index for index, page in enumerate(pages) if "附件：证据目录" in page)
    letter_pages, list_pages = pages[:first_list_page], "".join(pages[first_list_page:])
    assert created and first_list_page >= 1
    assert "停止违规催收通知函" in letter_pages[0]
    assert "证据目录（共3份证据，附于本文书之后）" in "".join(letter_pages)  # the attachments line
    assert "证据1" not in "".join(letter_pages)  # the list starts on its own page, after the signature
    assert "随附文书停止违规催收通知函" in list_pages and "证据数量3份" in list_pages
    for number, evidence in enumerate(case_with_evidence.evidence.order_by("received_at", "id"), start=1):
        assert f"证据{number}" in list_pages
        assert evidence.sha256 in pdf_text(pdf), "the full hash is one copyable string"
    assert "3月14日22:41威胁短信截图" in list_pages and "催收方夜间发送威胁短信" in list_pages
    assert "<imgsrc=file:///etc/passwd>" in list_pages  # the borrower's text, printed as text, fetched nothing
    assert "{{" not in pdf_text(pdf) and "None" not in pdf_text(pdf)
    assert a4_pages(pdf)
    fonts = pdf_fonts(pdf)
    assert fonts and all(font.embedded for font in fonts)
    assert any("Noto" in font.name and "CJK" in font.name and "Mono" not in font.name for font in fonts)
    assert any("Noto" in font.name and "Mono" in font.name for font in fonts)  # the hashes


def test_unchanged_evidence_gives_the_same_letter_and_changed_evidence_a_new_version(case_with_evidence, borrower):
    first, _created = letter_generate(actor=borrower, case=case_with_evidence, kind="collector_cease")
    again, created = letter_generate(actor=borrower, case=case_with_evidence, kind="collector_cease")
    assert (again.pk, created) == (first.pk, False)
    evidence = case_with_evidence.evidence.order_by("received_at", "id").last()
    evidence_update(actor=borrower, evidence=evidence, description="短信导出（全部）", proves="催收短信的完整记录")
    described, created = letter_generate(actor=borrower, case=case_with_evidence, kind="collector_cease")
    assert created and described.pk != first.pk and described.pdf_sha256 != first.pdf_sha256
    assert "短信导出（全部）" in _flat(pdf_text(letter_pdf_bytes(described)))
    evidence_upload(actor=borrower, case=case_with_evidence, uploaded=SimpleUploadedFile("账单.pdf", samples.pdf()))
    added, created = letter_generate(actor=borrower, case=case_with_evidence, kind="collector_cease")
    assert created and "证据目录（共4份证据，附于本文书之后）" in _flat(pdf_text(letter_pdf_bytes(added)))
    # The letter already made stays exactly as it was (stored as sent).
    first.refresh_from_db()
    assert "共3份证据" in first.html and hashlib.sha256(letter_pdf_bytes(first)).hexdigest() == first.pdf_sha256
    assert Letter.objects.filter(case=case_with_evidence, kind="collector_cease").count() == 3


def test_a_case_without_evidence_gives_a_letter_without_list_pages(case, borrower):
    letter, _created = letter_generate(actor=borrower, case=case, kind="collector_cease")
    text = _flat(pdf_text(letter_pdf_bytes(letter)))
    # Nothing to attach: the letter announces no evidence list it does not carry.
    assert "附件：证据目录" not in text and "证据目录" not in text


def test_the_archival_letter_embeds_every_original_after_checking_its_hash(case_with_evidence, borrower):
    letter, _created = letter_generate(actor=borrower, case=case_with_evidence, kind="collector_cease", archival=True)
    pdf = letter_pdf_bytes(letter)
    reader = pdf_reader(pdf)
    attachments = reader.attachments
    assert sorted(attachments) == ["evidence-01.jpg", "evidence-02.mp3", "evidence-03.xml"]
    by_number = dict(zip(sorted(attachments), case_with_evidence.evidence.order_by("received_at", "id"), strict=True))
    for name, evidence in by_number.items():
        assert hashlib.sha256(attachments[name][0]).hexdigest() == evidence.sha256
    assert "本PDF文件内嵌了下列全部原始文件" in _flat(pdf_text(pdf)) and "evidence-02.mp3" in pdf_text(pdf)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp, xmp
    assert AuditEvent.objects.filter(action="evidence.embedded", case_id=case_with_evidence.pk).count() == 3


def test_an_altered_evidence_file_stops_the_archival_letter(client, case_with_evidence, borrower):
    evidence = case_with_evidence.evidence.first()
    storage = storages["default"]
    storage.delete(evidence.storage_name)
    storage.save(evidence.storage_name, io.BytesIO(b"changed"))
    client.force_login(borrower)
    response = client.post(reverse("letters:generate", args=[case_with_evidence.pk, "collector_cease"]), {"archival": "1"})
    assert response.status_code == 409 and "校验失败" in response.content.decode()
    assert not Letter.objects.filter(case=case_with_evidence, archival=True).exists()
    assert AuditEvent.objects.filter(action="evidence.integrity_failed", subject_id=str(evidence.pk)).exists()


def test_preview_shows_the_list_and_the_download_is_one_printable_pdf(client, case_with_evidence, borrower):
    client.force_login(borrower)
    page = client.get(reverse("letters:preview", args=[case_with_evidence.pk, "collector_cease"])).content.decode()
    assert "附件：证据目录" in page and "证据目录（共3份证据，附于本文书之后）" in page
    assert "&lt;img src=file:///etc/passwd&gt;" in page and "<img src=file" not in page
    for evidence in case_with_evidence.evidence.all():
        assert evidence.sha256 in page
    response = client.post(reverse("letters:generate", args=[case_with_evidence.pk, "collector_cease"]))
    letter = Letter.objects.get(case=case_with_evidence)
    assert response["Location"] == reverse("letters:sent", args=[case_with_evidence.pk, letter.pk])
    download = client.get(reverse("letters:download", args=[case_with_evidence.pk, letter.pk]))
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == letter.pdf_sha256
    text = _flat(pdf_text(download.content))
    assert text.index("停止违规催收通知函") < text.index("附件：证据目录")


def test_render_letter_uses_the_evidence_zip_case_export_wrote_beside_the_case_file(case_with_evidence, tmp_path, capsys):
    call_command("case_export", case_with_evidence.reference, "--out", str(tmp_path), stdout=io.StringIO())
    case_path = tmp_path / f"{case_with_evidence.reference}.json"
    call_command("render_letter", "--case", str(case_path), "--kind", "all", "--out", str(tmp_path / "out"))
    assert json.loads(capsys.readouterr().out)["evidence_list"] is True
    evidence = list(case_with_evidence.evidence.order_by("received_at", "id"))
    listed = pdf_text((tmp_path / "out" / "evidence_list.pdf").read_bytes())
    letter = pdf_text((tmp_path / "out" / "collector_cease.pdf").read_bytes())
    for number, item in enumerate(evidence, start=1):
        assert f"证据{number}" in listed and item.sha256 in listed and item.sha256 in letter
    assert _flat(letter).index("停止违规催收通知函") < _flat(letter).index("附件：证据目录")
    assert "证据目录（共3份证据，附于本文书之后）" in _flat(letter)

    out = tmp_path / "cease-pdfa.pdf"
    call_command("render_letter", "--case", str(case_path), "--kind", "collector_cease", "--pdfa", "--out", str(out))
    attachments = pdf_reader(out.read_bytes()).attachments
    assert [hashlib.sha256(attachments[name][0]).hexdigest() for name in sorted(attachments)] == [item.sha256 for item in evidence]


def test_render_letter_without_the_zip_makes_no_list_and_says_why(tmp_path, capsys):
    assert any(entry.get("evidence") for entry in load_case()["log"])  # the fixture's log names files by hash only
    call_command("render_letter", "--case", str(CASE_PATH), "--kind", "collector_cease", "--out", str(tmp_path / "x.pdf"))
    assert "evidence file(s) but there is no evidence ZIP" in capsys.readouterr().err
    assert "附件：证据目录" not in _flat(pdf_text((tmp_path / "x.pdf").read_bytes()))
