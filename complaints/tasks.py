"""Background work, through Django's tasks API (django-tasks): SMS-export imports, mailing-day PDFs, all of a case's
letters in one ZIP, the letters of several cases staff selected in one ZIP, reading uploaded screenshots, and the
hourly retention purge.

A job runs in `manage.py db_worker` when ZHIRAO_TASKS_BACKEND=database, or at once in the request that started it
(the immediate backend: `make run` needs no worker). Each run re-checks that the person who started it may still
do it, records progress on the Job row for their progress bar, and on an unexpected failure is retried up to
MAX_ATTEMPTS times (later, when the backend can defer); a JobRefused (bad input) fails at once with its reason.
"""

import datetime as dt
import io
import logging
import time

import pypdf
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from complaints.letters.output import envelope_pdf
from complaints.models import Evidence, Job
from complaints.selectors.access import CaseAs, case_access, clinic_ids_for_staff
from complaints.selectors.staff_mailing import letters_ready_to_mail
from complaints.services.jobs import (
    JobRefused,
    job_begin,
    job_fail,
    job_file_read,
    job_file_save,
    job_finish,
    job_progress,
    job_requeue,
)
from complaints.services.letter_bundle import cases_letters_make, letter_bundle_make
from complaints.services.letters import LetterIntegrityError, letter_pdf_bytes
from complaints.services.log import ExportUnreadable, evidence_export_read, log_import
from complaints.services.mailing import mailing_print_record
from complaints.services.retention import retention_purge
from complaints.services.screenshots import screenshot_read_store
from complaints.sms_import import SmsExportError, parse_sms_export

logger = logging.getLogger("zhirao.tasks")
MAX_ATTEMPTS = 3
RETRY_AFTER = dt.timedelta(seconds=30)
# The import's steps, for its progress bar: read the file, read the messages in it, save them.
SMS_IMPORT_STEPS = 3
# How many skipped lines the outcome names (the rest are counted).
SKIPPED_NAMED = 10


def _sms_import(job: Job) -> dict:
    try:
        case = case_access(user=job.started_by, case_id=job.case_id)
    except Http404:
        raise JobRefused(_("你已不能再修改这个案件，导入没有进行。")) from None
    evidence = None
    if "evidence_id" in job.arguments:
        evidence = Evidence.objects.filter(pk=job.arguments["evidence_id"], case=case).first()
        if evidence is None:
            raise JobRefused(_("这个证据文件已被删除，不能用来导入。"))
        try:
            data = evidence_export_read(actor=job.started_by, evidence=evidence)
        except ExportUnreadable:
            raise JobRefused(_("这个证据文件已丢失或被改动过（校验值不一致），不能用来导入。请联系法律援助机构。")) from None
    else:
        data = job_file_read(job.arguments["upload"])
    job_progress(job=job, done=1)
    try:
        result = parse_sms_export(data)
    except SmsExportError as error:
        raise JobRefused(str(error)) from None
    job_progress(job=job, done=2)
    # Idempotent (a message already imported is not added again), so a retry after a failure here is safe.
    outcome = log_import(actor=job.started_by, case=case, result=result, source_evidence=evidence)
    return {"created": outcome.created, "duplicates": outcome.duplicates, "not_received": result.not_received,
            "skipped": [list(place) for place in result.skipped[:SKIPPED_NAMED]], "skipped_count": len(result.skipped)}


def _mailing_pdf(job: Job) -> dict:
    if job.clinic_id not in clinic_ids_for_staff(job.started_by):
        raise JobRefused(_("你已不是这个机构的工作人员，合并打印没有进行。"))
    wanted = set(job.arguments["letters"])
    # Letters mailed or replaced since the job was started drop out; others' letters were never in the list.
    letters = [letter for letter in letters_ready_to_mail(clinic_ids=[job.clinic_id]) if letter.pk in wanted]
    if not letters:
        raise JobRefused(_("勾选的文书都已不在待寄清单中（可能已登记寄出），没有可打印的。"))
    job_progress(job=job, done=0, total=len(letters))
    merged = pypdf.PdfWriter()
    for number, letter in enumerate(letters, start=1):
        try:
            letter_pdf = letter_pdf_bytes(letter)
        except LetterIntegrityError:
            raise JobRefused(_("%(reference)s 的“%(title)s”保存后被改动过或已丢失（校验值不一致），没有合并打印。请让求助人重新生成这封文书。")
                             % {"reference": letter.case.reference, "title": letter.title}) from None
        merged.append(pypdf.PdfReader(io.BytesIO(letter_pdf)))
        merged.append(pypdf.PdfReader(io.BytesIO(envelope_pdf(letter.addressee, letter.sender))))
        job_progress(job=job, done=number)
    output = io.BytesIO()
    merged.write(output)
    stored = job_file_save(prefix="mailing", data=output.getvalue())
    mailing_print_record(actor=job.started_by, clinic=job.clinic, letters=letters)
    return {"file": stored, "letters": [letter.pk for letter in letters]}


def _letter_bundle(job: Job) -> dict:
    try:
        case = case_access(user=job.started_by, case_id=job.case_id)
    except Http404:
        raise JobRefused(_("你已不能再查看这个案件，文书没有生成。")) from None
    return letter_bundle_make(actor=job.started_by, case=case,
                              progress=lambda done, total: job_progress(job=job, done=done, total=total))


def _cases_letters(job: Job) -> dict:
    if job.clinic_id not in clinic_ids_for_staff(job.started_by):
        raise JobRefused(_("你已不是这个机构的工作人员，文书没有生成。"))
    # Each selected case through the gate again, as staff of the job's clinic: a share withdrawn (or a case moved out
    # of the clinic's queue) since the job was started leaves that case out, named by the number staff saw then.
    cases, refused = [], []
    for selected in job.arguments["cases"]:
        try:
            cases.append(case_access(user=job.started_by, case_id=selected["id"], as_=CaseAs.STAFF, clinic=job.clinic))
        except Http404:
            refused.append({"reference": selected["reference"],
                            "reason": _("这个案件已不在本机构的队列中（求助人可能撤回了分享），没有生成。")})
    return cases_letters_make(actor=job.started_by, clinic=job.clinic, cases=cases, refused=refused,
                              progress=lambda done, total: job_progress(job=job, done=done, total=total))


RUNNERS = {Job.Kind.SMS_IMPORT: _sms_import, Job.Kind.MAILING_PDF: _mailing_pdf, Job.Kind.LETTER_BUNDLE: _letter_bundle,
           Job.Kind.CASES_LETTERS: _cases_letters}


def job_enqueue(job: Job, *, retry: bool = False) -> None:
    """Queue the job's run; a retry waits RETRY_AFTER when the backend can defer (the database backend can)."""
    if retry and default_task_backend.supports_defer:
        run_job.using(run_after=timezone.now() + RETRY_AFTER).enqueue(job.pk)
    else:
        run_job.enqueue(job.pk)


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("started_by", "case", "clinic").filter(pk=job_id).first()
    if job is None or job.finished:  # removed meanwhile, or a duplicate delivery of a job already done
        return
    job_begin(job=job)
    started = time.perf_counter()
    try:
        with translation.override(job.arguments.get("language")):
            result = RUNNERS[job.kind](job)
    except JobRefused as refused:
        job_fail(job=job, error=refused.message)
        outcome = "refused"
    except Exception:
        logger.exception("job failed", extra={"event": "job.error", "task": job.kind, "attempt": job.attempts})
        if job.attempts < MAX_ATTEMPTS:
            job_requeue(job=job)
            job_enqueue(job, retry=True)
            return
        with translation.override(job.arguments.get("language")):
            job_fail(job=job, error=_("处理时出错，重试 %(count)s 次仍没有成功。请稍后重新开始；一直不成功的话，请联系法律援助机构。")
                     % {"count": MAX_ATTEMPTS})
        outcome = "failed"
    else:
        job_finish(job=job, result=result)
        outcome = "done"
    logger.info("job ended", extra={"event": "job.end", "task": job.kind, "outcome": outcome, "attempt": job.attempts,
                                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)})


@task()
def retention_purge_task() -> dict[str, int]:
    """The hourly retention purge (complaints.services.retention). A plain task, not a Job: no person started it and
    no one watches a progress bar; its counts are the command's output, the task record, a log line and an audit row."""
    return retention_purge()


@task()
def screenshot_read(evidence_id: int) -> None:
    """Read one uploaded screenshot and store its proposals (complaints.services.screenshots)."""
    screenshot_read_store(evidence_id=evidence_id)
