"""Clinic-wide staff pages: collectors across cases (and the joint-complaint export), deadlines, reports."""

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from complaints.csv_safe import csv_writer
from complaints.forms.staff import CollectorExportForm
from complaints.outcomes_chart import outcomes_chart_svg
from complaints.pdf import html_to_pdf
from complaints.selectors import staff_collectors
from complaints.selectors.check_ins import (
    CHECK_INS_LIST_CAP,
    CHECK_INS_PER_PAGE,
    cases_due_check_in,
    check_in_questions,
)
from complaints.selectors.outcomes import outcomes_for
from complaints.selectors.pagination import CappedPaginator
from complaints.selectors.staff_deadlines import deadline_groups
from complaints.selectors.staff_reports import REPORT_COLUMNS, weekly_report
from complaints.services.collectors import collector_export_record
from complaints.views.staff import staff_view
from guidance import clock, vocabulary

REPORT_WEEKS = 12
# Eight columns on A4: a smaller type for the table, names and numbers never broken mid-word.
JOINT_COMPLAINT_CSS = "table { font-size: 9pt; } td.name, td.nowrap { white-space: nowrap; } th { white-space: nowrap; }"


@require_GET
@staff_view
def collectors(request, clinic):
    kind = "lender" if request.GET.get("kind") == "lender" else "number"
    query = request.GET.get("q", "").strip()[:100]
    counts = staff_collectors.collector_counts(clinic_id=clinic.pk, kind=kind, query=query)
    page = Paginator(counts, staff_collectors.COLLECTORS_PAGE_SIZE).get_page(request.GET.get("page"))
    # Only clients who agreed to joint complaints go into the export; the page says how many are left out.
    page.object_list = staff_collectors.collector_rows(page.object_list, kind=kind)
    query_string = urlencode({"kind": kind, "q": query})
    return render(request, "staff/collectors.html", {"kind": kind, "query": query, "page": page, "query_string": query_string})


def _export_rows(request, clinic):
    form = CollectorExportForm(request.GET)
    if not form.is_valid():
        raise Http404
    kind, key = form.cleaned_data["kind"], form.cleaned_data["key"]
    rows = staff_collectors.joint_complaint_rows(clinic_ids=[clinic.pk], kind=kind, key=key)
    if not rows:
        raise Http404
    left_out = staff_collectors.joint_consent_left_out(clinic_id=clinic.pk, kind=kind, key=key)
    collector_export_record(actor=request.user, clinic=clinic, kind=kind, key=key, references=[row["reference"] for row in rows],
                            left_out=left_out, file_format=request.resolver_match.url_name)
    return kind, key, rows, clinic, left_out


def _local(moment):
    return moment.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else ""


@require_GET
@staff_view
def collector_export_csv(request, clinic):
    kind, _key, rows, _clinic, left_out = _export_rows(request, clinic)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="joint-complaint-{kind}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly only with a byte-order mark
    writer = csv_writer(response)
    writer.writerow([_("案件编号"), _("求助人"), _("求助人电话"), _("放贷机构"), _("催收号码"), _("联系次数"),
                     _("联系第三人次数"), _("首次联系"), _("最近联系")])
    for row in rows:
        writer.writerow([row["reference"], row["borrower_name"], row["borrower_phone"], row["lender_name"], " ".join(row["numbers"]),
                         row["contacts"], row["third_party_contacts"], _local(row["first"]), _local(row["last"])])
    # After a blank row, so a reader of the table sees where the clients end: a number, never who.
    writer.writerow([])
    writer.writerow([_("本机构另有涉及该催收方、但求助人未同意纳入联合投诉的案件（未列入）"), left_out])
    return response


@require_GET
@staff_view
def collector_export_pdf(request, clinic):
    kind, key, rows, clinic, left_out = _export_rows(request, clinic)
    html = render_to_string("staff/pdf/joint_complaint.html", {
        "kind": kind, "key": key, "left_out": left_out, "rows": [{**row, "first": _local(row["first"]), "last": _local(row["last"])} for row in rows],
        "clinic": clinic, "generated": timezone.now().astimezone(clock.SHANGHAI), "total_contacts": sum(row["contacts"] for row in rows),
    })
    response = HttpResponse(html_to_pdf(html, stylesheets=(JOINT_COMPLAINT_CSS,)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="joint-complaint-{kind}.pdf"'
    return response


@require_GET
@staff_view
def deadlines(request, clinic):
    today = clock.today()
    groups = deadline_groups(clinic_ids=[clinic.pk], today=today)
    due = cases_due_check_in(clinic_ids=[clinic.pk], today=today)
    page = CappedPaginator(due, CHECK_INS_PER_PAGE, cap=CHECK_INS_LIST_CAP).get_page(request.GET.get("page"))
    check_ins = [question for question in check_in_questions(page.object_list, today=today) if question]
    return render(request, "staff/deadlines.html", {"groups": groups, "today": today, "check_ins": check_ins, "page": page})


def _report_rows(clinic):
    today = clock.today()
    since = today - dt.timedelta(days=today.weekday() + 7 * (REPORT_WEEKS - 1))
    return weekly_report(clinic_ids=[clinic.pk], since=since), since


@require_GET
@staff_view
def reports(request, clinic):
    rows, since = _report_rows(clinic)
    return render(request, "staff/reports.html", {"rows": rows, "since": since, "columns": REPORT_COLUMNS})


@require_GET
@staff_view
def reports_csv(request, clinic):
    rows, _since = _report_rows(clinic)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="weekly-report.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow([_("周（周一）"), *[str(label) for _key, label in REPORT_COLUMNS]])
    for row in rows:
        writer.writerow([row["week"].isoformat(), *[row[key] for key, _label in REPORT_COLUMNS]])
    return response


GROUPING_TITLES = {"first_step": gettext_lazy("按第一步"), "lender_kind": gettext_lazy("按放贷机构类型"), "collector": gettext_lazy("按催收方")}


def _group_label(grouping: str, key: str) -> str:
    if grouping == "first_step":
        return vocabulary.label("ACTIONS", key)
    if grouping == "lender_kind":
        return vocabulary.label("LENDER_KINDS", key)
    return key or _("未填写催收方名称")


@require_GET
@staff_view
def outcomes(request, clinic):
    """The share of cases reported stopped within 30 days of the first letter: this clinic's cases, or (scope=all)
    every case in Zhirao; counts only, groups under five cases left out."""
    scope = "all" if request.GET.get("scope") == "all" else "clinic"
    summary = outcomes_for(clinic_ids=None if scope == "all" else [clinic.pk])
    groups = []
    for grouping, title in GROUPING_TITLES.items():
        data = summary["groups"][grouping]
        rows = [{**row, "label": _group_label(grouping, row["key"]), "percent": round(row["share"] * 100)} for row in data["rows"]]
        groups.append({"id": grouping, "title": title, "rows": rows, "hidden_groups": data["hidden_groups"],
                       "hidden_cases": data["hidden_cases"]})
    overall = summary["overall"]
    chart_rows = ([{"label": _("全部"), **overall}] if overall["share"] is not None else []) + groups[0]["rows"]
    chart = mark_safe(outcomes_chart_svg(chart_rows, title=_("30 天内报告骚扰停止的比例")))  # noqa: S308 - built from escaped text
    return render(request, "staff/outcomes.html", {"summary": summary, "groups": groups, "scope": scope, "chart": chart,
                                                   "overall_percent": round(overall["share"] * 100) if overall["share"] is not None else None})
