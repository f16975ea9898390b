"""Mailing day: letters ready to post → one merged PDF (letter then envelope, in address order), the mailing
list CSV, and recording tracking numbers (from the form or the filled-in CSV) through the letters service."""

import csv
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints.management.letter_samples import load_case
from complaints.models import AuditEvent, Job, Letter
from complaints.services.cases import case_create, case_share_create
from complaints.services.letters import letter_generate
from tests.factories import ClinicFactory, StaffFactory, UserFactory
from tests.pdf_tools import pdf_reader, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture
def letters(clinic):
    """Two clients' cease letters to collectors at different postcodes, shared with the clinic."""
    made = []
    for index, (phone, postcode) in enumerate([("+8613800138000", "518057"), ("+8613900139000", "100010")]):
        borrower = UserFactory(username=phone, phone=phone)
        data = load_case()
        data["collector"] = {**data["collector"], "address": {**(data["collector"].get("address") or {}), "postcode": postcode}}
        data["borrower"] = {**data["borrower"], "name": f"求助人{index}", "phone": phone}
        case = case_create(owner=borrower, actor=borrower, data={**data, "today": timezone.localdate().isoformat(), "steps_taken": [], "log": []})
        case_share_create(case=case, clinic=clinic, consent_text="我同意该机构查看并处理我的案件。", actor=borrower)
        letter, _created = letter_generate(actor=borrower, case=case, kind="collector_cease")
        made.append(letter)
    return made


def test_mailing_day_lists_ready_letters_in_address_order(client, staff, letters):
    page = client.get(reverse("staff:mailing"))
    listed = page.context["letters"]
    assert [letter.addressee["postcode"] for letter in listed] == ["100010", "518057"]


def test_merged_pdf_has_each_letter_followed_by_its_envelope(client, staff, letters):
    ids = [str(letter.pk) for letter in letters]
    response = client.post(reverse("staff:mailing_pdf"), {"letter": ids}, follow=True)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pdf_reader(response.content)
    text = pdf_text(response.content)
    assert "100010" in text and "518057" in text
    assert text.index("100010") < text.index("518057")  # address order
    assert "停止" in text  # the letters themselves
    assert len(reader.pages) >= 4  # at least one page of letter and one envelope each
    assert sorted(AuditEvent.objects.get(action="mailing.print").new_value["letters"]) == sorted(int(i) for i in ids)


def test_mailing_list_csv_then_upload_records_each_case(client, staff, letters):
    ids = [str(letter.pk) for letter in letters]
    response = client.get(reverse("staff:mailing_csv"), {"letter": ids})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["邮政编码"] for row in rows] == ["100010", "518057"]
    for number, row in enumerate(rows):
        row["邮件单号"] = f"XA12345678{number}CN"
    filled = io.StringIO()
    writer = csv.DictWriter(filled, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("mailing-list.csv", filled.getvalue().encode("utf-8-sig"), content_type="text/csv")
    assert client.post(reverse("staff:mailing_record"), {"mailing_list": upload}).status_code == 302
    for letter in letters:
        letter.refresh_from_db()
        assert letter.mailed_on == timezone.localdate() and letter.tracking_number.startswith("XA12345678")
        steps = letter.case.__class__.objects.get(pk=letter.case_id).data["steps_taken"]
        assert {"action": "demand_collector_stop", "on": timezone.localdate().isoformat()}.items() <= steps[-1].items()
    assert AuditEvent.objects.filter(action="letter.mailing", actor=staff).count() == 2
    assert client.get(reverse("staff:mailing")).context["letters"] == []
    assert client.get(reverse("staff:reports")).context["rows"][0]["letters_sent"] == 2


def test_a_bad_tracking_number_records_nothing_and_says_why(client, staff, letters):
    response = client.post(reverse("staff:mailing_record"), {
        f"tracking_{letters[0].pk}": "XA123456789CN", f"tracking_{letters[1].pk}": "短", "method": "registered",
        "mailed_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "邮件单号由 8 到 30 位字母和数字组成" in page
    assert not Letter.objects.filter(mailed_on__isnull=False).exists()


def test_other_clinics_cannot_print_or_record_these_letters(client, letters):
    client.force_login(StaffFactory(clinic=ClinicFactory()))
    response = client.post(reverse("staff:mailing_pdf"), {"letter": [str(letters[0].pk)]})
    assert response.status_code == 302 and response.url == reverse("staff:mailing") and not Job.objects.exists()
    assert client.post(reverse("staff:mailing_record"), {f"tracking_{letters[0].pk}": "XA123456789CN", "method": "registered",
                                                         "mailed_on": timezone.localdate().isoformat()}).status_code == 400
    assert not Letter.objects.filter(mailed_on__isnull=False).exists()


# The worker closes its database connection after each task: on PostgreSQL that would end the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_merged_pdf_is_made_in_the_background_and_offered_when_done(client, clinic, staff, letters, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ids = [str(letter.pk) for letter in letters]
    started = client.post(reverse("staff:mailing_pdf"), {"letter": ids})
    job = Job.objects.get()
    assert started.url == reverse("jobs:status", kwargs={"job_id": job.pk})
    assert (job.kind, job.clinic, job.total, job.status) == (Job.Kind.MAILING_PDF, clinic, 2, Job.Status.QUEUED)
    assert not AuditEvent.objects.filter(action="mailing.print").exists()

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page = client.get(started.url).content.decode()
    download_url = reverse("jobs:download", kwargs={"job_id": job.pk})
    assert "2 封文书和它们的信封已合并成一个 PDF" in page and f'href="{download_url}"' in page
    assert 'value="100"' in page and "http-equiv" not in page
    pdf = client.get(download_url)
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"] == 'attachment; filename="mailing-day.pdf"'
    job.refresh_from_db()
    assert hashlib.sha256(pdf.content).hexdigest() == job.result["file"]["sha256"]
    assert len(pdf_reader(pdf.content).pages) >= 4
    assert sorted(AuditEvent.objects.get(action="mailing.print").new_value["letters"]) == sorted(int(i) for i in ids)

    client.force_login(StaffFactory(clinic=ClinicFactory()))
    assert client.get(started.url).status_code == 404 and client.get(download_url).status_code == 404


def test_a_letter_changed_after_it_was_saved_stops_the_merge_and_says_which(client, staff, letters):
    default_storage.delete(letters[0].pdf_storage_name)
    default_storage.save(letters[0].pdf_storage_name, ContentFile(b"%PDF-1.7 not the letter"))
    response = client.post(reverse("staff:mailing_pdf"), {"letter": [str(letter.pk) for letter in letters]}, follow=True)
    page = response.content.decode()
    assert 'role="alert"' in page and f"{letters[0].case.reference} 的“{letters[0].title}”保存后被改动过或已丢失" in page
    assert Job.objects.get().status == Job.Status.FAILED and not AuditEvent.objects.filter(action="mailing.print").exists()
