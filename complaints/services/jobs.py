"""Background work someone started: its row (complaints.models.Job), its progress, its end, and the private files
it reads or writes. complaints.tasks runs it, in `manage.py db_worker` or, with no worker configured, at once.

Files a job keeps (an uploaded SMS export waiting for the worker, a merged mailing-day PDF) hold personal data:
they are stored like evidence (private, hash-checked on read) and removed with their job RETENTION_JOBS (a day) after
it ended, by `manage.py retention_purge` and by every job started.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.batch_delete import delete_in_batches
from complaints.models import Job
from complaints.services.audit import audit_record

# A job not finished a week after it was started will never be: its worker was lost (retries come 30 seconds apart).
# Its row and any file it was given (an SMS export waiting to be read) go then.
JOB_ABANDONED = dt.timedelta(days=7)


class JobRefused(Exception):
    """The work cannot be done as asked (a file that is no SMS export, letters already mailed): the job fails at
    once with this message for the person who started it, and is not retried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def job_file_save(*, prefix: str, data: bytes) -> dict:
    """Keep bytes privately for a job; returns the name, SHA-256 and size to find and check them by."""
    name = storages["default"].save(f"jobs/{prefix}/{secrets.token_hex(20)}", ContentFile(data))
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def job_file_read(stored: dict) -> bytes:
    """A job's file, checked against its SHA-256: a changed or missing file refuses the job, never feeds it."""
    storage = storages["default"]
    if not storage.exists(stored["name"]):
        raise JobRefused(_("要处理的文件已丢失，请重新上传。"))
    with storage.open(stored["name"], "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != stored["sha256"]:
        raise JobRefused(_("要处理的文件已被改动（校验值不一致），请重新上传。"))
    return data


def _job_files(job: Job) -> list[str]:
    return [stored["name"] for stored in (job.arguments.get("upload"), job.result.get("file")) if stored]


@transaction.atomic
def job_create(*, actor, kind: str, arguments: dict, total: int, case=None, clinic=None) -> Job:
    """A queued job for `actor`, in the language of the page that started it. Atomic; audited."""
    job = Job.objects.create(kind=kind, started_by=actor, case=case, clinic=clinic, total=total,
                             arguments={**arguments, "language": translation.get_language()})
    audit_record(actor=actor, action="job.started", subject=job, case_id=case.pk if case else None, new={"kind": kind})
    return job


def job_start(*, actor, kind: str, arguments: dict, total: int, case=None, clinic=None) -> Job:
    """Create a job and queue it (after jobs past their keeping time are removed). Returns it as it stands once
    queued: with the immediate backend it has already run, finished or failed."""
    job_purge_expired()
    job = job_create(actor=actor, kind=kind, arguments=arguments, total=total, case=case, clinic=clinic)
    # Imported here: complaints.tasks runs jobs through this module's functions.
    from complaints.tasks import job_enqueue

    job_enqueue(job)
    job.refresh_from_db()
    return job


def job_begin(*, job: Job) -> Job:
    job.status, job.attempts, job.done = Job.Status.RUNNING, job.attempts + 1, 0
    job.save(update_fields=["status", "attempts", "done"])
    return job


def job_progress(*, job: Job, done: int, total: int | None = None) -> None:
    """Record how far the job got, for the progress bar of the person who started it."""
    job.done, job.total = done, total if total is not None else job.total
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total)


def job_requeue(*, job: Job) -> None:
    job.status = Job.Status.QUEUED
    job.save(update_fields=["status"])


def job_finish(*, job: Job, result: dict) -> None:
    job.status, job.result, job.done, job.finished_at = Job.Status.DONE, result, job.total, timezone.now()
    job.save(update_fields=["status", "result", "done", "finished_at"])
    # An uploaded export is not needed once imported (the entries hold what it said).
    upload = job.arguments.get("upload")
    if upload:
        storages["default"].delete(upload["name"])


def job_fail(*, job: Job, error: str) -> None:
    job.status, job.error, job.finished_at = Job.Status.FAILED, error, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    upload = job.arguments.get("upload")
    if upload:
        storages["default"].delete(upload["name"])


def job_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Remove jobs that ended more than RETENTION_JOBS ago, and jobs never finished JOB_ABANDONED after they were
    started (their worker was lost), with their files (in batches). Returns how many went."""
    now = now or timezone.now()
    expired = Job.objects.filter(Q(finished_at__lt=now - settings.RETENTION_JOBS)
                                 | Q(finished_at__isnull=True, created_at__lt=now - JOB_ABANDONED))
    return delete_in_batches(expired, files=_job_files)
