"""Retention: what is transient is deleted once its period has passed (`manage.py retention_purge`, hourly).

The policy, each period an environment variable (config/env.py, docs/DEPLOY.md "Retention"):

| what | deleted | why it is transient |
|---|---|---|
| background jobs and their files (merged mailing-day PDF, ZIP of letters, an SMS export waiting to be read) | `RETENTION_JOBS` (1 day) after the job ended; a job never finished, a week after it started (complaints.services.jobs.JOB_ABANDONED) | a progress page and a copy made for one download; the letters stay with their case |
| failed log-in records (django-axes: log-in names, client addresses) | `LOGIN_RECORDS_KEEP` (24 hours) after the attempt | only the 15-minute lock-out needs them |
| expired sessions | once expired | no one can use them any more |
| files sent through a third-party upload link that the borrower never accepted, and the link when nothing of it was accepted | `RETENTION_UPLOAD_LINKS` (30 days) after the link expired or was withdrawn | someone else's upload she did not take into her case; an accepted file is her evidence and stays, with its link |
| messages read from a screenshot that the borrower discarded | `RETENTION_DISCARDED_PROPOSALS` (30 days) after she discarded them | she said they are not hers to keep; confirmed ones stay as where a log entry came from |
| the task queue's records of finished tasks (django-tasks-db) | `RETENTION_TASK_RESULTS` (7 days) after they ended | ids and errors for the administrator |

Never touched: a borrower's case, evidence, log, letters, letter edits, shares, check-ins and the audit log; those
are hers to delete (or the clinic's records). Deletes go in batches (complaints.batch_delete), stored files through
Django's storage API. One audit row per run that removed anything, with counts only.
"""

import datetime as dt
import logging

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from complaints.batch_delete import delete_in_batches
from complaints.models import EvidenceLink, ScreenshotProposal, ThirdPartyUpload
from complaints.services.audit import audit_record
from complaints.services.jobs import job_purge_expired

logger = logging.getLogger("zhirao.retention")


def login_records_purge(*, now: dt.datetime) -> int:
    """Axes' rows (failed attempts, access logs, failure logs) older than LOGIN_RECORDS_KEEP."""
    cutoff = now - settings.LOGIN_RECORDS_KEEP
    return sum(delete_in_batches(model.objects.filter(attempt_time__lt=cutoff))
               for model in (AccessAttempt, AccessLog, AccessFailureLog))


def sessions_purge(*, now: dt.datetime) -> int:
    """Expired sessions, when they are kept in the database (another engine expires its own)."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    if not issubclass(store, DatabaseSessionStore):
        store.clear_expired()
        return 0
    return delete_in_batches(Session.objects.filter(expire_date__lt=now))


def _link_ended_before(cutoff: dt.datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}expires_at__lt": cutoff}) | Q(**{f"{prefix}revoked_at__lt": cutoff})


def upload_links_purge(*, now: dt.datetime) -> tuple[int, int]:
    """(uploads, links): files never accepted from links that ended more than RETENTION_UPLOAD_LINKS ago, with their
    stored files; then those links when nothing of them was accepted (an accepted file keeps its link, which says
    who gave it)."""
    cutoff = now - settings.RETENTION_UPLOAD_LINKS
    waiting = ThirdPartyUpload.objects.waiting().filter(link__isnull=False).filter(_link_ended_before(cutoff, "link__"))
    uploads = delete_in_batches(waiting, files=lambda upload: [upload.storage_name])
    unused = EvidenceLink.objects.filter(_link_ended_before(cutoff)).filter(
        ~Exists(ThirdPartyUpload.objects.filter(link=OuterRef("pk"))))
    return uploads, delete_in_batches(unused)


def discarded_proposals_purge(*, now: dt.datetime) -> int:
    decided_before = now - settings.RETENTION_DISCARDED_PROPOSALS
    return delete_in_batches(ScreenshotProposal.objects.filter(status=ScreenshotProposal.Status.DISCARDED,
                                                               decided_at__lt=decided_before))


def task_results_purge(*, now: dt.datetime) -> int:
    finished = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    return delete_in_batches(DBTaskResult.objects.filter(status__in=finished, finished_at__lt=now - settings.RETENTION_TASK_RESULTS))


def retention_purge(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete everything past its retention period (the module's table); returns how many of each went. Idempotent:
    a second run at once removes nothing. Audited with counts only, when anything was removed."""
    now = now or timezone.now()
    uploads, links = upload_links_purge(now=now)
    removed = {
        "jobs": job_purge_expired(now=now),
        "login_records": login_records_purge(now=now),
        "sessions": sessions_purge(now=now),
        "third_party_uploads": uploads,
        "upload_links": links,
        "discarded_proposals": discarded_proposals_purge(now=now),
        "task_results": task_results_purge(now=now),
    }
    if any(removed.values()):
        audit_record(actor=None, action="retention.purge", subject=None, new=removed)
    logger.info("retention purge", extra={"event": "retention.purge", "removed": removed})  # counts only
    return removed
