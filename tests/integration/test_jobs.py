"""Background jobs (complaints.tasks) through HTTP: an SMS-export import queued for `manage.py db_worker`, its progress
page (htmx part, no-JS refresh) and outcome; retries on failure; only its starter sees it; old jobs are purged."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints import tasks
from complaints.models import Case, Job, LogEntry
from complaints.services.jobs import job_create, job_file_save, job_finish, job_purge_expired
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SMS = Path(__file__).resolve().parents[1] / "fixtures" / "sms" / "sms-backup-restore.xml"


@pytest.fixture
def owner():
    return UserFactory(phone="+8613800138000")


@pytest.fixture
def case(owner):
    return Case.objects.create(owner=owner, data={"spec": "zhirao-case/1", "harassment": {"channels": ["wechat"]}})


# The worker closes its database connection after each task: on PostgreSQL that would end a test's transaction,
# so the tests that run it commit for real (and the database is emptied after each).
runs_the_worker = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    """Jobs queued in the database, as production runs them (ZHIRAO_TASKS_BACKEND=database)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _import(client, case):
    return client.post(reverse("log:import", kwargs={"case_id": case.pk}),
                       {"file": SimpleUploadedFile("sms-backup.xml", SMS.read_bytes(), content_type="text/xml")})


@runs_the_worker
def test_a_queued_import_shows_progress_until_the_worker_has_run_it(client, owner, case, database_tasks):
    client.force_login(owner)
    started = _import(client, case)
    job = Job.objects.get()
    assert started.url == reverse("jobs:status", kwargs={"job_id": job.pk})
    assert (job.kind, job.status, job.started_by, job.case) == (Job.Kind.SMS_IMPORT, Job.Status.QUEUED, owner, case)
    assert storages["default"].exists(job.arguments["upload"]["name"])

    page = client.get(started.url).content.decode()
    assert "导入短信备份" in page and "排队等待" in page and '<progress class="progress__bar" max="100" value="0">' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'data-hx-get="{started.url}" data-hx-trigger="every 2s"' in page
    part = client.get(started.url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="job-progress"') and "<html" not in part

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (Job.Status.DONE, 3, 3, 1)
    assert job.result["created"] == 7 and LogEntry.objects.filter(case=case, pending_review=True).count() == 7
    assert not storages["default"].exists(job.arguments["upload"]["name"])  # the upload goes once imported

    finished = client.get(started.url, headers={"HX-Request": "true"})
    assert finished["HX-Redirect"] == reverse("log:list", kwargs={"case_id": case.pk}) + "#pending"
    page = client.get(started.url, follow=True).content.decode()
    assert "读取到 7 条收到的短信" in page


@runs_the_worker
def test_a_file_that_is_no_sms_export_fails_the_job_with_its_reason_on_the_page(client, owner, case, database_tasks):
    client.force_login(owner)
    started = client.post(reverse("log:import", kwargs={"case_id": case.pk}),
                          {"file": SimpleUploadedFile("export.xml", b"<html><body>not sms</body></html>")})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 1)  # bad input is not retried
    page = client.get(started.url).content.decode()
    assert 'role="alert"' in page and "不是“SMS Backup &amp; Restore”导出的短信备份" in page
    assert "http-equiv=\"refresh\"" not in page and "data-hx-get" not in page
    assert not LogEntry.objects.filter(case=case).exists()


def test_an_unexpected_failure_is_retried(client, owner, case, monkeypatch):
    real_parse, calls = tasks.parse_sms_export, []

    def fails_once(data):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away mid-import")
        return real_parse(data)

    monkeypatch.setattr(tasks, "parse_sms_export", fails_once)
    client.force_login(owner)
    response = _import(client, case)
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert client.get(response.url, follow=True).status_code == 200
    assert LogEntry.objects.filter(case=case).count() == 7


def test_a_failure_that_keeps_happening_ends_the_job_with_a_message_in_chinese(client, owner, case, monkeypatch):
    def always_fails(data):
        raise ConnectionError("storage went away")

    monkeypatch.setattr(tasks, "parse_sms_export", always_fails)
    client.force_login(owner)
    response = _import(client, case)
    assert response.status_code == 400
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.FAILED, tasks.MAX_ATTEMPTS)
    assert "重试 3 次仍没有成功" in response.content.decode() and "storage went away" not in response.content.decode()
    assert not storages["default"].exists(job.arguments["upload"]["name"])


def test_only_the_person_who_started_a_job_sees_it(client, owner, case, database_tasks):
    client.force_login(owner)
    started = _import(client, case)
    client.force_login(UserFactory())
    assert client.get(started.url).status_code == 404


def test_jobs_are_removed_with_their_files_a_day_after_they_ended(owner, case):
    job = job_create(actor=owner, kind=Job.Kind.MAILING_PDF, arguments={"letters": []}, total=1)
    job_finish(job=job, result={"file": job_file_save(prefix="mailing", data=b"%PDF-1.7 merged")})
    name = job.result["file"]["name"]
    assert job_purge_expired(now=timezone.now() + dt.timedelta(hours=23)) == 0 and storages["default"].exists(name)
    assert job_purge_expired(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not Job.objects.exists() and not storages["default"].exists(name)
