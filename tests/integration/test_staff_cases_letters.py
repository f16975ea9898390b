"""Letters for several cases at once (staff:cases_letters, complaints.services.letter_bundle.cases_letters_make) through
HTTP: staff tick cases in the queue (a plain form), one background job generates what each case's plan calls for now
(progress page with htmx part and no-JS refresh), and one ZIP holds a folder per case with its stored PDFs, its
evidence list, and one list of what went in and what was left out with SHA-256; audited once for the batch; only the
clinic's own cases, checked again when the job runs and when the ZIP is downloaded."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from complaints import tasks
from complaints.management.letter_samples import stored_case
from complaints.models import AuditEvent, ClinicMembership, Job, Letter
from complaints.selectors.letters import planned_letters
from complaints.services.cases import case_share_create
from complaints.services.evidence import evidence_upload
from complaints.services.letter_bundle import CASES_LETTERS_MAX
from tests.doubles import fails_once_after
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]
# The worker closes its database connection after each task: on PostgreSQL that would end a test's transaction.
runs_the_worker = pytest.mark.django_db(transaction=True)


def _client_case(phone: str, clinic):
    borrower = UserFactory(username=phone, phone=phone)
    case = stored_case(borrower)
    if clinic is not None:
        case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    return case


def _image(name="截图.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def cases(clinic):
    """Two clients of the clinic; the first has evidence."""
    first, second = _client_case("+8613800138000", clinic), _client_case("+8613900139000", clinic)
    evidence_upload(actor=first.owner, case=first, uploaded=_image(), proves="催收短信")
    return [first, second]


def _start(client, cases, **extra):
    return client.post(reverse("staff:cases_letters"), {"case": [str(case.pk) for case in cases], **extra})


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def _by_reference(job):
    return {made["reference"]: made for made in job.result["cases"]}


def test_the_queue_has_a_checkbox_per_case_and_the_button_in_a_plain_form(client, staff, cases):
    for page in (client.get(reverse("staff:queue")).content.decode(),
                 client.get(reverse("staff:queue"), {"q": cases[0].reference}, headers={"HX-Request": "true"}).content.decode()):
        assert f'<form method="post" action="{reverse("staff:cases_letters")}">' in page
        assert 'name="csrfmiddlewaretoken"' in page and "为所选案件生成文书" in page
        assert f'<input type="checkbox" name="case" value="{cases[0].pk}" id="pick-{cases[0].pk}">' in page
        assert f'<label class="visually-hidden" for="pick-{cases[0].pk}">选择 {cases[0].reference}</label>' in page
        assert f"一次最多 {CASES_LETTERS_MAX} 个" in page
    full = client.get(reverse("staff:queue")).content.decode()
    assert f'value="{cases[1].pk}"' in full


def test_staff_get_the_selected_cases_letters_in_one_zip_with_a_folder_per_case(client, staff, clinic, cases):
    third = _client_case("+8613700137000", clinic)
    selected = [*cases, third]
    planned = sum(len(planned_letters(case)) for case in selected)
    started = _start(client, selected)
    job = Job.objects.get()
    assert started.url == reverse("jobs:status", kwargs={"job_id": job.pk})
    assert (job.kind, job.status, job.clinic, job.started_by, job.case) == (Job.Kind.CASES_LETTERS, Job.Status.DONE, clinic, staff, None)
    assert job.done == job.total == planned + 1  # every case's planned letters, then packing
    made = _by_reference(job)
    assert sorted(made) == sorted(case.reference for case in selected)
    letters = {letter.pk: letter for letter in Letter.objects.all()}
    assert sorted(letters) == sorted(letter["id"] for result in made.values() for letter in result["letters"])
    for case in selected:  # every case got its letters, and each letter is its own case's
        assert made[case.reference]["letters"] and all(letters[item["id"]].case_id == case.pk for item in made[case.reference]["letters"])

    page = client.get(started.url).content.decode()
    download_url = reverse("jobs:cases_letters_zip", kwargs={"job_id": job.pk})
    assert f'href="{download_url}"' in page and "http-equiv" not in page and "data-hx-get" not in page
    for case in selected:
        assert f'<a href="{reverse("staff:case", args=[case.pk])}">{case.reference}</a>' in page
        for item in made[case.reference]["letters"]:
            assert reverse("letters:sent", args=[case.pk, item["id"]]) in page
    assert "没有放入的文书：" in page and "按计划，要先完成前面的步骤，再寄出这一封。" in page

    download = client.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "private, no-store" in download["Cache-Control"]
    archive = _zip(download)
    assert archive.testzip() is None
    assert {name.split("/")[0] for name in archive.namelist() if "/" in name} == {case.reference for case in selected}
    listing = archive.read("文书清单.txt").decode("utf-8-sig")
    for case in selected:
        assert f" {case.reference} " in listing
        for item in made[case.reference]["letters"]:
            assert item["file"].startswith(case.reference + "/")
            data = archive.read(item["file"])
            # byte for byte the stored letter, and the list names its hash
            assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == letters[item["id"]].pdf_sha256
            assert letters[item["id"]].pdf_sha256 in listing
        for item in made[case.reference]["left_out"]:
            assert f"- {item['label']}：{item['reason']}" in listing
    # the evidence list goes only with the case that has evidence
    assert f"{cases[0].reference}/证据目录.pdf" in archive.namelist() and made[cases[0].reference]["evidence_list"]
    assert not [name for name in archive.namelist() if name.endswith("证据目录.pdf") and not name.startswith(cases[0].reference)]

    audit = AuditEvent.objects.get(action="letters.cases_bundle")
    assert (audit.actor, audit.case_id, audit.subject_id) == (staff, None, str(clinic.pk))
    assert sorted(audit.new_value["cases"]) == sorted(case.pk for case in selected)
    assert sorted(audit.new_value["letters"]) == sorted(letters) and audit.new_value["cases_left_out"] == 0
    assert audit.new_value["sha256"] == job.result["file"]["sha256"]
    assert "求助人" not in str(audit.new_value) and cases[0].borrower_name not in str(audit.new_value)
    assert AuditEvent.objects.filter(action="letter.generate", actor=staff).count() == len(letters)
    for case in selected:  # the download is recorded on each case as a read of her letters
        assert AuditEvent.objects.filter(action="letter.staff_view", actor=staff, case_id=case.pk,
                                         new_value__what="cases letters zip").count() == 1


def test_progress_advances_letter_by_letter(client, staff, cases, monkeypatch):
    real, steps = tasks.job_progress, []

    def recorded(*, job, done, total=None):
        steps.append((done, total))
        real(job=job, done=done, total=total)

    monkeypatch.setattr(tasks, "job_progress", recorded)
    _start(client, cases)
    total = sum(len(planned_letters(case)) for case in cases) + 1
    assert steps == [(done, total) for done in range(total)]


def test_a_forged_id_of_another_clinics_case_is_left_out_and_never_rendered(client, staff, cases):
    elsewhere = _client_case("+8613600136000", ClinicFactory())
    unshared = _client_case("+8613500135000", None)
    response = _start(client, [cases[1], elsewhere, unshared], queue="status=new")
    job = Job.objects.get()
    assert response.url == reverse("jobs:status", kwargs={"job_id": job.pk})
    assert [selected["id"] for selected in job.arguments["cases"]] == [cases[1].pk]
    assert list(_by_reference(job)) == [cases[1].reference]
    assert not Letter.objects.filter(case__in=[elsewhere, unshared]).exists()
    page = client.get(response.url).content.decode()
    assert "2 个勾选的案件不在本机构的队列中，已略过。" in page
    assert elsewhere.reference not in page and unshared.reference not in page
    archive = _zip(client.get(reverse("jobs:cases_letters_zip", kwargs={"job_id": job.pk})))
    assert not [name for name in archive.namelist() if elsewhere.reference in name or unshared.reference in name]

    only_forged = client.post(reverse("staff:cases_letters"), {"case": [str(elsewhere.pk), "abc", "9" * 40], "queue": "status=new"})
    assert only_forged.url == reverse("staff:queue") + "?status=new" and Job.objects.count() == 1
    assert "勾选的案件都不在本机构的队列中，没有生成文书。" in client.get(only_forged.url).content.decode()


def test_an_empty_selection_or_too_many_cases_get_a_message_and_the_queue_as_it_was(client, staff, cases):
    empty = client.post(reverse("staff:cases_letters"), {"queue": "q=李&page=2\r\nX: y"})
    assert empty.status_code == 302 and empty.url == reverse("staff:queue") + "?q=%E6%9D%8E&page=2%0D%0AX%3A+y"
    page = client.get(reverse("staff:queue")).content.decode()
    assert "请先勾选要生成文书的案件。" in page and 'class="alert alert--error"' in page

    too_many = client.post(reverse("staff:cases_letters"), {"case": [str(cases[0].pk), *[str(10**6 + n) for n in range(CASES_LETTERS_MAX)]]})
    assert too_many.url == reverse("staff:queue")
    page = client.get(too_many.url).content.decode()
    assert f"一次最多为 {CASES_LETTERS_MAX} 个案件生成文书，你勾选了 {CASES_LETTERS_MAX + 1} 个。" in page
    assert not Job.objects.exists() and not Letter.objects.exists()

    client.cookies["django_language"] = "en"
    client.post(reverse("staff:cases_letters"), {})
    assert "Tick the cases to generate letters for first." in client.get(reverse("staff:queue")).content.decode()


@runs_the_worker
def test_a_queued_batch_shows_progress_and_a_case_withdrawn_meanwhile_is_left_out(client, staff, cases, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started = _start(client, cases)
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED and not Letter.objects.exists()
    page = client.get(started.url).content.decode()
    assert "为所选案件生成文书" in page and "排队等待" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page and f'data-hx-get="{started.url}"' in page
    assert client.get(reverse("jobs:cases_letters_zip", kwargs={"job_id": job.pk})).status_code == 404  # nothing yet

    withdrawn = cases[0]
    withdrawn.shares.update(withdrawn_at="2026-01-01T00:00:00Z")  # the borrower withdrew her share meanwhile
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 1)
    made = _by_reference(job)
    assert made[withdrawn.reference]["reason"] == "这个案件已不在本机构的队列中（求助人可能撤回了分享），没有生成。"
    assert not made[withdrawn.reference]["letters"] and made[cases[1].reference]["letters"]
    assert not Letter.objects.filter(case=withdrawn).exists() and Letter.objects.filter(case=cases[1]).exists()
    assert job.done == job.total == len(planned_letters(cases[1])) + 1

    part = client.get(started.url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="job-progress"') and "data-hx-get" not in part
    assert "这个案件已不在本机构的队列中" in part and f'href="{reverse("staff:case", args=[withdrawn.pk])}"' not in part
    archive = _zip(client.get(reverse("jobs:cases_letters_zip", kwargs={"job_id": job.pk})))
    assert not [name for name in archive.namelist() if name.startswith(withdrawn.reference)]
    assert f"{withdrawn.reference} ========\r\n这个案件已不在本机构的队列中" in archive.read("文书清单.txt").decode("utf-8-sig")
    audit = AuditEvent.objects.get(action="letters.cases_bundle")
    assert audit.new_value["cases"] == [cases[1].pk] and audit.new_value["cases_left_out"] == 1


def test_staff_who_left_the_clinic_before_the_run_get_the_job_refused(client, staff, clinic, cases, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _start(client, cases)
    ClinicMembership.objects.filter(user=staff, clinic=clinic).delete()
    job = Job.objects.get()
    tasks.run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 1) and "你已不是这个机构的工作人员" in job.error
    assert not Letter.objects.exists() and not AuditEvent.objects.filter(action="letters.cases_bundle").exists()
    page = client.get(reverse("jobs:status", kwargs={"job_id": job.pk})).content.decode()
    assert 'role="alert"' in page and "你已不是这个机构的工作人员" in page and f'href="{reverse("staff:queue")}"' in page


def test_an_unexpected_failure_is_retried_without_making_letters_twice(client, staff, cases, monkeypatch):
    monkeypatch.setattr(tasks, "cases_letters_make", fails_once_after(tasks.cases_letters_make))
    _start(client, cases)
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    made = [letter["id"] for result in job.result["cases"] for letter in result["letters"]]
    assert AuditEvent.objects.filter(action="letter.generate").count() == Letter.objects.count() == len(made)


def test_only_the_starter_downloads_and_only_while_every_case_in_the_zip_is_reachable(client, staff, clinic, cases):
    started = _start(client, cases)
    job = Job.objects.get()
    url = reverse("jobs:cases_letters_zip", kwargs={"job_id": job.pk})
    assert client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})).status_code == 404  # not one case's ZIP
    colleague = StaffFactory(clinic=clinic)
    client.force_login(colleague)
    assert client.get(started.url).status_code == 404 and client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
    cases[1].shares.update(withdrawn_at="2026-01-01T00:00:00Z")
    assert client.get(url).status_code == 404


def test_in_english_the_page_and_the_list_are_english(client, staff, cases):
    client.cookies["django_language"] = "en"
    started = _start(client, cases[:1])
    job = Job.objects.get()
    assert job.arguments["language"] == "en"
    page = client.get(started.url).content.decode()
    assert "Generate letters for the selected cases" in page and "Download the letters of the selected cases (ZIP)" in page
    archive = _zip(client.get(reverse("jobs:cases_letters_zip", kwargs={"job_id": job.pk})))
    listing = next(name for name in archive.namelist() if "/" not in name)
    assert listing.endswith(".txt") and "1 case" in archive.read(listing).decode("utf-8-sig")
