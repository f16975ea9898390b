"""Retention (complaints.services.retention, `manage.py retention_purge`): each kind of transient data goes only once
its period has passed, its stored files with it, in batches; a borrower's own case, evidence, log and letters never go;
one audit row with counts only."""

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from complaints.batch_delete import delete_in_batches
from complaints.models import AuditEvent, Evidence, EvidenceLink, Job, LogEntry, ScreenshotProposal, ThirdPartyUpload
from complaints.services.evidence import evidence_upload
from complaints.services.jobs import JOB_ABANDONED, job_create, job_file_save, job_finish
from complaints.services.retention import retention_purge
from complaints.services.screenshots import screenshot_proposal_discard
from complaints.services.third_party import evidence_accept, link_create, link_revoke, third_party_upload
from tests.factories import CaseFactory, LogEntryFactory, ScreenshotProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png(colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, "PNG")
    return SimpleUploadedFile(f"{colour}.png", buffer.getvalue(), content_type="image/png")


def _given(link, colour) -> ThirdPartyUpload:
    third_party_upload(link=link, uploaded=_png(colour), uploader_name="王小明", relation="family", consent_version="v1")
    return ThirdPartyUpload.objects.get(link=link, original_name=f"{colour}.png")


def _stored(name) -> bool:
    return storages["default"].exists(name)


@pytest.fixture
def case():
    return CaseFactory()


def test_nothing_is_removed_before_its_period_and_a_second_run_removes_nothing(case):
    owner = case.owner
    job = job_create(actor=owner, kind=Job.Kind.MAILING_PDF, arguments={"letters": []}, total=1)
    job_finish(job=job, result={"file": job_file_save(prefix="mailing", data=b"%PDF merged")})
    link = link_create(actor=owner, case=case, days=1).link
    _given(link, "red")
    assert all(count == 0 for count in retention_purge().values())
    assert Job.objects.exists() and ThirdPartyUpload.objects.exists() and EvidenceLink.objects.exists()
    assert not AuditEvent.objects.filter(action="retention.purge").exists()


def test_finished_jobs_go_with_their_files_after_the_jobs_period(case, settings):
    owner = case.owner
    done = job_create(actor=owner, kind=Job.Kind.LETTER_BUNDLE, arguments={}, total=1, case=case)
    job_finish(job=done, result={"file": job_file_save(prefix="letters", data=b"PK zip"), "letters": [], "left_out": []})
    running = job_create(actor=owner, kind=Job.Kind.LETTER_BUNDLE, arguments={}, total=1, case=case)
    name = done.result["file"]["name"]
    just_before = timezone.now() + settings.RETENTION_JOBS - dt.timedelta(minutes=1)
    assert retention_purge(now=just_before)["jobs"] == 0 and _stored(name)
    later = timezone.now() + settings.RETENTION_JOBS + dt.timedelta(minutes=1)
    assert retention_purge(now=later)["jobs"] == 1
    assert not _stored(name) and list(Job.objects.all()) == [running]  # a job still running is never removed


def test_a_job_its_worker_lost_goes_with_the_file_it_was_given_a_week_after_it_started(case):
    upload = job_file_save(prefix="sms", data=b"<smses/>")
    lost = job_create(actor=case.owner, kind=Job.Kind.SMS_IMPORT, arguments={"upload": upload}, total=3, case=case)
    assert retention_purge(now=timezone.now() + JOB_ABANDONED - dt.timedelta(hours=1))["jobs"] == 0
    assert retention_purge(now=timezone.now() + JOB_ABANDONED + dt.timedelta(hours=1))["jobs"] == 1
    assert not Job.objects.filter(pk=lost.pk).exists() and not _stored(upload["name"])


def test_log_in_records_go_after_their_period(case, settings):
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        for username in ("old", "recent"):
            model.objects.create(username=username, ip_address="10.1.2.3", user_agent="", **(
                {"failures_since_start": 1, "get_data": "", "post_data": ""} if model is AccessAttempt else {}))
        model.objects.filter(username="old").update(attempt_time=timezone.now() - settings.LOGIN_RECORDS_KEEP - dt.timedelta(minutes=1))
    assert retention_purge()["login_records"] == 3
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent"]


def test_expired_sessions_go_and_live_ones_stay():
    live, expired = SessionStore(), SessionStore()
    live["x"], expired["x"] = 1, 2
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert retention_purge()["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_files_never_accepted_go_after_the_link_ended_but_accepted_evidence_and_its_link_stay(case, settings):
    owner = case.owner
    closed = link_create(actor=owner, case=case, days=1).link
    waiting, accepted = _given(closed, "red"), _given(closed, "blue")
    evidence = evidence_accept(actor=owner, upload=accepted)
    link_revoke(actor=owner, link=closed)
    unused = link_create(actor=owner, case=case, days=1, label="给同事").link  # expires with nothing given
    still_open = link_create(actor=owner, case=case, days=14).link
    open_waiting = _given(still_open, "green")
    waiting_file, open_file = waiting.storage_name, open_waiting.storage_name

    # The withdrawn link ended now, the unused one ends in a day: within the period of both, nothing goes.
    within = timezone.now() + settings.RETENTION_UPLOAD_LINKS - dt.timedelta(hours=1)
    removed = retention_purge(now=within)
    assert (removed["third_party_uploads"], removed["upload_links"]) == (0, 0)
    past = timezone.now() + dt.timedelta(days=1) + settings.RETENTION_UPLOAD_LINKS + dt.timedelta(hours=1)
    removed = retention_purge(now=past)
    assert (removed["third_party_uploads"], removed["upload_links"]) == (1, 1)
    assert not ThirdPartyUpload.objects.filter(pk=waiting.pk).exists() and not _stored(waiting_file)
    assert not EvidenceLink.objects.filter(pk=unused.pk).exists()
    # Hers: the accepted file, its provenance and the link it came through; and the link still open, with its upload.
    evidence.refresh_from_db()
    assert _stored(evidence.storage_name) and ThirdPartyUpload.objects.filter(evidence=evidence).exists()
    assert EvidenceLink.objects.filter(pk__in=[closed.pk, still_open.pk]).count() == 2
    assert ThirdPartyUpload.objects.filter(pk=open_waiting.pk).exists() and _stored(open_file)


def test_discarded_screenshot_readings_go_after_their_period_and_confirmed_ones_never(case, settings):
    owner = case.owner
    evidence = evidence_upload(actor=owner, case=case, uploaded=_png("white")).evidence
    discarded, pending = ScreenshotProposalFactory(evidence=evidence), ScreenshotProposalFactory(evidence=evidence)
    confirmed = ScreenshotProposalFactory(evidence=evidence, status=ScreenshotProposal.Status.CONFIRMED,
                                          decided_at=timezone.now() - dt.timedelta(days=400), log_entry=LogEntryFactory(case=case))
    screenshot_proposal_discard(actor=owner, proposal=discarded)
    assert retention_purge(now=timezone.now() + settings.RETENTION_DISCARDED_PROPOSALS - dt.timedelta(hours=1))["discarded_proposals"] == 0
    assert retention_purge(now=timezone.now() + settings.RETENTION_DISCARDED_PROPOSALS + dt.timedelta(hours=1))["discarded_proposals"] == 1
    assert set(ScreenshotProposal.objects.values_list("pk", flat=True)) == {pending.pk, confirmed.pk}
    assert Evidence.objects.filter(pk=evidence.pk).exists() and _stored(evidence.storage_name)


def test_finished_task_records_go_after_their_period_and_queued_ones_stay(settings):
    def record(status, finished_days_ago):
        finished = timezone.now() - dt.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        return DBTaskResult.objects.create(status=status, finished_at=finished, args_kwargs={"args": [], "kwargs": {}},
                                           task_path="complaints.tasks.retention_purge_task", backend_name="default",
                                           queue_name="default", priority=0)

    days = settings.RETENTION_TASK_RESULTS.days
    old_ok, old_failed = record(TaskResultStatus.SUCCESSFUL, days + 1), record(TaskResultStatus.FAILED, days + 1)
    recent, queued = record(TaskResultStatus.SUCCESSFUL, days - 1), record(TaskResultStatus.READY, None)
    assert retention_purge()["task_results"] == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    assert {old_ok.pk, old_failed.pk}.isdisjoint(DBTaskResult.objects.values_list("pk", flat=True))


def test_a_borrowers_own_data_is_never_purged_however_old(case):
    owner = case.owner
    evidence = evidence_upload(actor=owner, case=case, uploaded=_png("black")).evidence
    entry = LogEntryFactory(case=case)
    long_after = timezone.now() + dt.timedelta(days=3650)
    retention_purge(now=long_after)
    assert case.__class__.objects.filter(pk=case.pk).exists() and LogEntry.objects.filter(pk=entry.pk).exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists() and _stored(evidence.storage_name)
    assert AuditEvent.objects.filter(case_id=case.pk).exists()  # the audit log is not transient either


def test_the_command_purges_and_writes_one_audit_row_with_counts_only(case, settings):
    user = UserFactory()
    job = job_create(actor=user, kind=Job.Kind.MAILING_PDF, arguments={"letters": []}, total=1)
    job_finish(job=job, result={"file": job_file_save(prefix="mailing", data=b"%PDF merged")})
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - settings.RETENTION_JOBS - dt.timedelta(minutes=1))
    out = io.StringIO()
    call_command("retention_purge", stdout=out)
    assert "jobs: 1" in out.getvalue() and "sessions: 0" in out.getvalue()
    audit = AuditEvent.objects.get(action="retention.purge")
    assert (audit.actor, audit.case_id, audit.subject_type) == (None, None, "system")
    assert audit.new_value["jobs"] == 1 and all(isinstance(count, int) for count in audit.new_value.values())


def test_the_command_can_queue_the_purge_for_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("retention_purge", "--enqueue", stdout=out)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "complaints.tasks.retention_purge_task" and out.getvalue().startswith("queued: ")


def test_deletes_go_in_batches(case):
    users = UserFactory.create_batch(5)
    for user in users:
        job_finish(job=job_create(actor=user, kind=Job.Kind.MAILING_PDF, arguments={}, total=1), result={})
    assert delete_in_batches(Job.objects.all(), batch=2) == 5 and not Job.objects.exists()


def test_the_borrower_is_told_when_files_she_has_not_accepted_will_go(client, case):
    _given(link_create(actor=case.owner, case=case, days=3).link, "red")
    client.force_login(case.owner)
    page = client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "链接过期或撤回 30 天后，还没有采纳的文件会被自动删除。" in page
