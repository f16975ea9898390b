"""The case hub shows the letters already mailed with their tracking numbers; deleting the case removes their PDFs."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from complaints.models import Letter
from complaints.services.cases import case_create, case_delete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed_letter():
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = case_create(owner=owner, actor=owner)
    storage_name = default_storage.save("letters/test-letter.pdf", ContentFile(b"%PDF-1.7 test"))
    return Letter.objects.create(
        case=case, kind="collector_cease", title="要求停止违规催收函", addressee={}, sender={}, template_version="test",
        html="<p>x</p>", html_sha256="0" * 64, pdf_sha256="1" * 64, pdf_size=13, pdf_storage_name=storage_name,
        letter_date=dt.date(2026, 3, 2), mailed_on=dt.date(2026, 3, 3), mail_method=Letter.MailMethod.EMS, tracking_number="XA123456789CN",
        reply_by=dt.date(2026, 3, 18),
    )


def test_hub_lists_mailed_letters_with_tracking_numbers(client, mailed_letter):
    client.force_login(mailed_letter.case.owner)
    page = client.get(reverse("cases:detail", kwargs={"case_id": mailed_letter.case_id})).content.decode()
    assert "已寄出的文书" in page and "要求停止违规催收函" in page
    assert "XA123456789CN" in page and "2026-03-03" in page
    assert reverse("letters:sent", kwargs={"case_id": mailed_letter.case_id, "letter_id": mailed_letter.pk}) in page


def test_deleting_the_case_removes_letter_pdfs_from_storage(mailed_letter, django_capture_on_commit_callbacks):
    name = mailed_letter.pdf_storage_name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        case_delete(case=mailed_letter.case, actor=mailed_letter.case.owner)
    assert not default_storage.exists(name) and not Letter.objects.exists()
