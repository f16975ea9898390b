"""A background job's page for the person who started it: a progress bar (htmx polls it; without JavaScript the
page refreshes itself), then the outcome: an import's counts on the log page, a mailing-day PDF, a case's letters or
several cases' letters (with those left out and why) to download."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from complaints.models import Job
from complaints.selectors.access import CaseAs, case_access, case_visible_to_staff, clinic_ids_for_staff
from complaints.selectors.jobs import job_for_user
from complaints.services.letters import letter_staff_view_record

# Seconds between looks at an unfinished job (htmx polling, or the page's own refresh without JavaScript).
POLL_SECONDS = 2


def _report_import(request, result: dict) -> None:
    created = result["created"]
    if created:
        messages.success(request, ngettext("读取到 %(count)s 条收到的短信，请在下面逐条确认或丢弃。",
                                           "读取到 %(count)s 条收到的短信，请在下面逐条确认或丢弃。", created) % {"count": created})
    else:
        messages.warning(request, _("没有读取到新的收到的短信。"))
    if result["duplicates"]:
        messages.info(request, _("%(count)s 条以前已经导入过，没有重复添加。") % {"count": result["duplicates"]})
    if result["not_received"]:
        messages.info(request, _("%(count)s 条是你自己发出的短信或草稿，没有导入。") % {"count": result["not_received"]})
    if result["skipped_count"]:
        places = "、".join(f"{where}（{why}）" for where, why in result["skipped"])
        more = _("等") if result["skipped_count"] > len(result["skipped"]) else ""
        messages.warning(request, _("%(count)s 条无法读取：%(places)s%(more)s。")
                         % {"count": result["skipped_count"], "places": places, "more": more})


def _finished_import_url(request, job: Job) -> str:
    _report_import(request, job.result)
    return reverse("log:list", kwargs={"case_id": job.case_id}) + "#pending"


@login_required
@require_GET
def status(request, job_id):
    job = job_for_user(user=request.user, job_id=job_id)
    if job.kind == Job.Kind.SMS_IMPORT and job.status == Job.Status.DONE:
        # The import's outcome is the log page itself, with the new entries waiting for review.
        url = _finished_import_url(request, job)
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if request.htmx:
        return render(request, "jobs/status.html#progress", context)
    return render(request, "jobs/status.html", context)


def _cases_letters_download_name(request, job: Job) -> str | None:
    """Several cases' letters: while the user is still staff of the clinic and still reaches, through the gate as its
    staff, every case whose letters the ZIP holds (one share withdrawn since ends the whole download). Recorded per
    case as a read of her letters."""
    if job.clinic_id not in clinic_ids_for_staff(request.user):
        return None
    cases = []
    for made in job.result["cases"]:
        if not made["letters"]:
            continue  # nothing of this case is in the ZIP
        try:
            cases.append(case_access(user=request.user, case_id=made["id"], as_=CaseAs.STAFF, clinic=job.clinic))
        except Http404:
            return None
    for case in cases:
        letter_staff_view_record(actor=request.user, case=case, what="cases letters zip")
    return f"letters-{len(cases)}-cases-{job.pk}.zip"


def _download_name(request, job: Job) -> str | None:
    """The file name of the job's download for the user who started it, while they may still reach what it was made
    from (the clinic for a mailing-day PDF, the case for its letters, the clinic and every case for several cases'
    letters); None otherwise. A staff member's download of a case's letters is recorded as their other reads of her
    letters are."""
    if job.kind == Job.Kind.MAILING_PDF:
        return "mailing-day.pdf" if job.clinic_id in clinic_ids_for_staff(request.user) else None
    if job.kind == Job.Kind.CASES_LETTERS:
        return _cases_letters_download_name(request, job)
    try:
        case = case_access(user=request.user, case_id=job.case_id)
    except Http404:
        return None
    if case_visible_to_staff(user=request.user, case=case):
        letter_staff_view_record(actor=request.user, case=case, what="letters zip")
    return f"letters-{case.reference}.zip"


_CONTENT_TYPES = {Job.Kind.MAILING_PDF: "application/pdf", Job.Kind.LETTER_BUNDLE: "application/zip",
                  Job.Kind.CASES_LETTERS: "application/zip"}


@login_required
@require_GET
def download(request, job_id, kind):
    """The file a finished job made (a merged mailing-day PDF, a case's or several cases' letters as a ZIP), checked
    against its hash, to the person who made it while they may still reach what it was made from."""
    job = job_for_user(user=request.user, job_id=job_id)
    if job.kind != kind or job.status != Job.Status.DONE or not job.result.get("file"):
        raise Http404
    filename = _download_name(request, job)
    if filename is None:
        raise Http404
    stored = job.result["file"]
    storage = storages["default"]
    if not storage.exists(stored["name"]):
        raise Http404
    with storage.open(stored["name"], "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != stored["sha256"]:
        return render(request, "jobs/file_changed.html", {"job": job}, status=409)
    response = HttpResponse(data, content_type=_CONTENT_TYPES[job.kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
