"""The harassment log of one case: list and analysis, entries by hand, SMS-export import and its review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from complaints.forms.log import LogEntryForm, LogImportForm, LogReviewForm
from complaints.models import Job
from complaints.selectors import log_entries_for_case, log_entry_get
from complaints.selectors.access import CaseAs, case_access, case_may_rewrite, case_visible_to_staff
from complaints.selectors.case_file import log_analysis_for
from complaints.selectors.screenshots import screenshot_proposals_pending
from complaints.services.jobs import job_file_save, job_start
from complaints.services.log import (
    case_log_staff_view_record,
    log_entries_confirm,
    log_entries_discard,
    log_entry_create,
    log_entry_delete,
    log_entry_update,
)
from complaints.tasks import SMS_IMPORT_STEPS
from guidance.analysis import CHART_DAYS_LIMIT, LogAnalysis, chart_bars, harassment_chart_svg, months_of
from guidance.phones import phone_info

ENTRIES_PER_PAGE = 50
# Imported messages waiting for review shown at once; "confirm all" and "discard all" act on every one of them.
PENDING_SHOWN = 100


def _index_url(case, anchor: str = "") -> str:
    return reverse("log:list", kwargs={"case_id": case.pk}) + (f"#{anchor}" if anchor else "")


def _days_listed(analysis: LogAnalysis, chosen: str) -> dict:
    """The counts per day the page lists: every day with contacts, or, beyond CHART_DAYS_LIMIT such days (a year of
    an imported phone backup), a table of the months and the days of one of them (`chosen`, YYYY-MM, else the latest),
    so the page costs the same however long the log is and every day stays one link away."""
    active = [day for day in analysis.days if day.total]
    if len(active) <= CHART_DAYS_LIMIT:
        return {"active_days": active, "months": (), "month": None}
    months = months_of(active)
    month = next((item.month for item in months if item.month.strftime("%Y-%m") == chosen), months[-1].month)
    return {"active_days": [day for day in active if day.day.replace(day=1) == month], "months": months, "month": month}


@login_required
def index(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    if case_visible_to_staff(user=request.user, case=case):
        case_log_staff_view_record(actor=request.user, case=case)
    # A log may hold tens of thousands of entries (an imported phone backup): the page shows one page of them,
    # newest first, and the analysis stored when the log last changed, so its cost does not grow with the log.
    page = Paginator(log_entries_for_case(case=case).reverse(), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    pending = log_entries_for_case(case=case, pending=True)
    pending_total = pending.count()
    analysis = log_analysis_for(case)
    return render(
        request,
        "log/index.html",
        {
            "case": case,
            "page": page,
            "pending": [(entry, phone_info(entry.from_number)) for entry in pending[:PENDING_SHOWN]],
            "pending_total": pending_total,
            "pending_shown": min(pending_total, PENDING_SHOWN),
            "review_form": LogReviewForm(case=case),
            "screenshot_pending": screenshot_proposals_pending(case=case).count(),
            # Staff of a shared clinic add entries; only the borrower rewrites, deletes or reviews (CaseAs.EDITOR).
            "may_rewrite": case_may_rewrite(user=request.user, case=case),
            "analysis": analysis,
            # Built from numbers and escaped labels only (guidance.analysis); inline so it needs no extra request.
            "chart_svg": mark_safe(harassment_chart_svg(analysis)),  # noqa: S308
            "chart_monthly": chart_bars(analysis) is not analysis.days,
            "numbers": [(count, phone_info(count.number)) for count in analysis.numbers],
            # a month picked from the months' table opens the section (no script needed)
            "month_chosen": bool(request.GET.get("month")),
            **_days_listed(analysis, request.GET.get("month", "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request, case_id):
    case = case_access(user=request.user, case_id=case_id)
    form = LogEntryForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        log_entry_create(
            actor=request.user,
            case=case,
            at=data["at"],
            channel=data["channel"],
            from_number=data["from_number"],
            target=data["target"],
            text=data["text"],
            evidence=data.get("evidence") or (),
        )
        messages.success(request, _("已添加一条骚扰记录。"))
        return redirect(_index_url(case, "entries"))
    return render(request, "log/entry_form.html", {"case": case, "form": form, "entry": None}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, case_id, entry_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    entry = log_entry_get(case=case, entry_id=entry_id)
    initial = {
        "at": entry.at,
        "channel": entry.channel,
        "from_number": entry.from_number,
        "target": entry.target,
        "text": entry.text,
        "evidence": list(entry.evidence.all()),
    }
    form = LogEntryForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        log_entry_update(
            actor=request.user,
            entry=entry,
            evidence=data["evidence"] if "evidence" in form.fields else None,
            **{name: data[name] for name in ("at", "channel", "from_number", "target", "text")},
        )
        messages.success(request, _("记录已保存。"))
        return redirect(_index_url(case, "pending" if entry.pending_review else "entries"))
    return render(request, "log/entry_form.html", {"case": case, "form": form, "entry": entry}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request, case_id, entry_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    entry = log_entry_get(case=case, entry_id=entry_id)
    if request.method == "POST":
        log_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("记录已删除。"))
        return redirect(_index_url(case, "entries"))
    return render(request, "log/entry_delete.html", {"case": case, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def import_export(request, case_id):
    """Starts the import as a background job (complaints.tasks): a phone backup of 20,000 messages must not hold a
    request. Its page shows progress, then sends the borrower to the entries waiting for review. A file that is no
    SMS export fails the job; with no worker configured the job has already run, and the form says why at once."""
    case = case_access(user=request.user, case_id=case_id)
    form = LogImportForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        evidence = form.cleaned_data.get("evidence")
        if evidence is not None:
            arguments = {"evidence_id": evidence.pk}
        else:
            arguments = {"upload": job_file_save(prefix="sms", data=b"".join(form.cleaned_data["file"].chunks()))}
        job = job_start(actor=request.user, kind=Job.Kind.SMS_IMPORT, case=case, arguments=arguments, total=SMS_IMPORT_STEPS)
        if job.status != Job.Status.FAILED:
            return redirect("jobs:status", job_id=job.pk)
        form.add_error("evidence" if evidence is not None and "evidence" in form.fields else None, job.error)
    return render(request, "log/import.html", {"case": case, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def review(request, case_id):
    case = case_access(user=request.user, case_id=case_id, as_=CaseAs.EDITOR)
    form = LogReviewForm(request.POST, case=case)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("请求无效，请重新选择。")]:
            messages.error(request, error)
        return redirect(_index_url(case, "pending"))
    action, entries = form.cleaned_data["action"], form.cleaned_data["entries"]
    if action in (form.CONFIRM, form.CONFIRM_ALL):
        count = log_entries_confirm(actor=request.user, case=case, entries=entries)
        messages.success(request, _("已确认 %(count)s 条，加入骚扰记录。") % {"count": count})
        return redirect(_index_url(case, "entries"))
    count = log_entries_discard(actor=request.user, case=case, entries=entries)
    messages.success(request, _("已丢弃 %(count)s 条。") % {"count": count})
    return redirect(_index_url(case, "pending"))
