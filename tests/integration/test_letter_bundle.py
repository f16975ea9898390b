"""All of a case's letters in one ZIP (complaints.services.letter_bundle) through HTTP: started from the letters list,
run as a background job with its progress page (htmx part, no-JS refresh), then the ZIP of the stored PDFs with the
evidence list and a list of hashes, the letters left out with their reasons; audited; only the borrower and staff of a
clinic the case is shared with reach it, and staff never change the borrower's letter inputs by it."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse

from complaints import tasks
from complaints.management.letter_samples import stored_case
from complaints.models import AuditEvent, Job, Letter, LetterEdit
from complaints.services.cases import case_share_create
from complaints.services.evidence import evidence_upload
from tests.doubles import fails_once_after
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
runs_the_worker = pytest.mark.django_db(transaction=True)


@pytest.fixture
def borrower():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


@pytest.fixture
def case(borrower):
    return stored_case(borrower)


@pytest.fixture
def clinic(case, borrower):
    clinic = ClinicFactory()
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    return clinic


def _start(client, case):
    return client.post(reverse("letters:bundle", args=[case.pk]))


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_the_letters_list_offers_the_batch_and_the_borrower_downloads_every_ready_letter(client, borrower, case):
    client.force_login(borrower)
    page = client.get(reverse("letters:list", args=[case.pk])).content.decode()
    assert f'action="{reverse("letters:bundle", args=[case.pk])}"' in page and "生成并打包全部文书" in page

    started = _start(client, case)
    job = Job.objects.get()
    assert started.url == reverse("jobs:status", kwargs={"job_id": job.pk})
    assert (job.kind, job.status, job.case, job.started_by) == (Job.Kind.LETTER_BUNDLE, Job.Status.DONE, case, borrower)
    letters = list(Letter.objects.filter(case=case))
    assert letters and len(job.result["letters"]) == len(letters)
    assert job.done == job.total == len(job.result["letters"]) + len(job.result["left_out"]) + 1

    page = client.get(started.url).content.decode()
    assert "下载全部文书（ZIP）" in page and "http-equiv=\"refresh\"" not in page and "data-hx-get" not in page
    assert "证据目录也在里面" not in page and not job.result["evidence_list"]  # no evidence, no evidence list
    for letter in letters:
        assert reverse("letters:sent", args=[case.pk, letter.pk]) in page

    download = client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "private, no-store" in download["Cache-Control"] and case.reference in download["Content-Disposition"]
    archive = _zip(download)
    listing = archive.read("文书清单.txt").decode("utf-8-sig")
    for letter in letters:
        name = next(item["file"] for item in job.result["letters"] if item["id"] == letter.pk)
        data = archive.read(name)
        # byte for byte the stored letter, and the list names its hash
        assert hashlib.sha256(data).hexdigest() == letter.pdf_sha256 and letter.pdf_sha256 in listing
        assert data.startswith(b"%PDF")

    audit = AuditEvent.objects.get(action="letters.bundle")
    assert (audit.actor, audit.case_id) == (borrower, case.pk)
    assert sorted(audit.new_value["letters"]) == sorted(letter.pk for letter in letters)
    assert AuditEvent.objects.filter(action="letter.generate", case_id=case.pk).count() == len(letters)
    assert AuditEvent.objects.filter(action="job.started", case_id=case.pk).count() == 1


def test_letters_that_cannot_be_made_are_listed_with_the_reason_and_the_evidence_list_goes_in(client, borrower, case):
    evidence_upload(actor=borrower, case=case, uploaded=_file("截图.png"), proves="催收短信")
    client.force_login(borrower)
    job = Job.objects.get(pk=_start(client, case).url.rstrip("/").split("/")[-1])
    assert job.status == Job.Status.DONE
    reasons = {item["label"]: item["reason"] for item in job.result["left_out"]}
    # facts missing: the police station is the borrower's to name
    assert reasons["向公安派出所提交的报案材料"] == "还缺少这些信息：报案的公安机关（如“深圳市公安局南山分局某某派出所”）。请在这封文书的页面补充。"
    # the plan says an earlier step comes first
    later = next(label for label, reason in reasons.items() if reason == "按计划，要先完成前面的步骤，再寄出这一封。")
    assert not Letter.objects.filter(case=case, kind="police_report").exists()
    page = client.get(reverse("jobs:status", kwargs={"job_id": job.pk})).content.decode()
    assert "没有放入的文书" in page and "报案的公安机关" in page and "证据目录也在里面。" in page
    archive = _zip(client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})))
    assert "证据目录.pdf" in archive.namelist() and archive.read("证据目录.pdf").startswith(b"%PDF")
    listing = archive.read("文书清单.txt").decode("utf-8-sig")
    assert "没有放入的文书" in listing and f"- {later}：按计划，要先完成前面的步骤，再寄出这一封。" in listing


def test_with_no_letter_ready_the_job_ends_with_the_reasons_and_nothing_to_download(client, borrower, case):
    data = dict(case.data)
    data["steps_taken"] = []
    case.data = {**data, "borrower": {**data["borrower"], "name": ""}}
    case.save(update_fields=["data"])
    client.force_login(borrower)
    _start(client, case)
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.result["file"] is None and job.result["left_out"]
    page = client.get(reverse("jobs:status", kwargs={"job_id": job.pk})).content.decode()
    assert "现在还没有可以生成的文书。" in page and "下载全部文书" not in page
    assert client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})).status_code == 404


def _file(name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_in_english_the_page_and_the_list_are_english(client, borrower, case):
    client.force_login(borrower)
    client.cookies["django_language"] = "en"
    job_url = _start(client, case).url
    job = Job.objects.get()
    assert job.arguments["language"] == "en"
    page = client.get(job_url).content.decode()
    assert "Download all letters (ZIP)" in page
    archive = _zip(client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})))
    assert any(name.endswith(".txt") and "letter" in name.lower() for name in archive.namelist())


@runs_the_worker
def test_a_queued_batch_shows_progress_until_the_worker_has_run_it(client, borrower, case, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(borrower)
    started = _start(client, case)
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED and not Letter.objects.exists()
    page = client.get(started.url).content.decode()
    assert "一次生成全部文书" in page and "排队等待" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page  # the no-JS refresh
    assert f'data-hx-get="{started.url}"' in page and "刷新进度" in page
    assert client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})).status_code == 404  # nothing yet
    part = client.get(started.url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="job-progress"')

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1 and Letter.objects.filter(case=case).exists()
    part = client.get(started.url, headers={"HX-Request": "true"}).content.decode()
    assert "下载全部文书（ZIP）" in part and "data-hx-get" not in part


def test_an_unexpected_failure_is_retried_without_making_letters_twice(client, borrower, case, monkeypatch):
    monkeypatch.setattr(tasks, "letter_bundle_make", fails_once_after(tasks.letter_bundle_make))
    client.force_login(borrower)
    _start(client, case)
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    generated = AuditEvent.objects.filter(action="letter.generate", case_id=case.pk).count()
    assert generated == Letter.objects.filter(case=case).count() == len(job.result["letters"])


def test_staff_of_the_shared_clinic_make_the_batch_without_touching_her_inputs(client, borrower, case, clinic):
    client.force_login(borrower)
    client.post(reverse("letters:preview", args=[case.pk, "collector_cease"]), {"narrative": "她自己的话", "demands": "停止联系我"})
    edit = LetterEdit.objects.get(case=case, kind="collector_cease")
    before = (edit.inputs, edit.narrative, edit.demands)
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    assert "生成并打包全部文书" in client.get(reverse("letters:list", args=[case.pk])).content.decode()
    started = _start(client, case)
    job = Job.objects.get(started_by=staff)
    assert job.status == Job.Status.DONE and job.result["letters"]
    assert client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})).status_code == 200
    assert client.get(started.url).status_code == 200
    edit.refresh_from_db()
    assert (edit.inputs, edit.narrative, edit.demands) == before
    assert not AuditEvent.objects.filter(action="letter.edit", actor=staff).exists()
    assert AuditEvent.objects.filter(action="letters.bundle", actor=staff, case_id=case.pk).exists()
    assert AuditEvent.objects.filter(action="letter.staff_view", actor=staff, new_value__what="letters zip").exists()
    collector = next(letter for letter in Letter.objects.filter(case=case) if letter.kind == "collector_cease")
    assert "她自己的话" in collector.html


def test_other_borrowers_and_other_clinics_get_404(client, borrower, case, clinic):
    for stranger in (UserFactory(username="+8613900139000", phone="+8613900139000"), StaffFactory()):
        client.force_login(stranger)
        assert _start(client, case).status_code == 404
    assert not Job.objects.exists()
    client.force_login(borrower)
    job_url = _start(client, case).url
    job = Job.objects.get()
    for other in (UserFactory(username="+8613700137000", phone="+8613700137000"), StaffFactory(clinic=clinic)):
        client.force_login(other)  # even staff who may read her letters do not see a job they did not start
        assert client.get(job_url).status_code == 404
        assert client.get(reverse("jobs:letters_zip", kwargs={"job_id": job.pk})).status_code == 404


def test_the_download_ends_with_access_to_the_case_and_refuses_a_changed_file(client, borrower, case, clinic):
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    _start(client, case)
    job = Job.objects.get()
    url = reverse("jobs:letters_zip", kwargs={"job_id": job.pk})
    assert client.get(reverse("jobs:download", kwargs={"job_id": job.pk})).status_code == 404  # not a mailing-day PDF
    storage = storages["default"]
    storage.delete(job.result["file"]["name"])
    storage.save(job.result["file"]["name"], io.BytesIO(b"PK changed"))
    changed = client.get(url)
    assert changed.status_code == 409 and "回到文书列表" in changed.content.decode()
    case.shares.update(withdrawn_at="2026-01-01T00:00:00Z")
    assert client.get(url).status_code == 404


def test_a_case_no_longer_reachable_refuses_the_job(client, borrower, case, clinic, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    _start(client, case)
    case.shares.update(withdrawn_at="2026-01-01T00:00:00Z")
    job = Job.objects.get()
    tasks.run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "你已不能再查看这个案件" in job.error
    assert not Letter.objects.exists()



def test_a_failure_after_the_zip_was_stored_leaves_no_copy_behind(client, borrower, case, monkeypatch):
    from complaints.services import letter_bundle

    real, calls = letter_bundle.audit_record, []

    def fails_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(letter_bundle, "audit_record", fails_once)
    client.force_login(borrower)
    _start(client, case)
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    _folders, stored = storages["default"].listdir("jobs/letters")
    assert stored == [job.result["file"]["name"].rsplit("/", 1)[-1]]  # the first attempt's ZIP was removed
