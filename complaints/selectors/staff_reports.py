"""The clinic's weekly report: new cases, letters mailed, replies and their outcome, cases closed."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from complaints.models import AuditEvent, Case, CaseShare, Letter
from complaints.selectors.staff_clinic import clinic_cases

REPORT_COLUMNS = [
    ("new_cases", _("新增案件")), ("letters_sent", _("寄出文书")), ("replies", _("收到答复")),
    ("resolved", _("答复：问题已解决")), ("refused", _("答复：被拒绝")), ("continued", _("答复：骚扰仍在继续")), ("closed", _("结案")),
]


def weekly_report(*, clinic_ids, since: dt.date) -> list[dict]:
    """Per week (Monday): new cases shared with the clinic, letters mailed for its cases, replies received to them
    (by the week they arrived) with their outcome, and cases closed (from the audit log)."""
    new = (CaseShare.objects.filter(clinic_id__in=clinic_ids, consented_at__date__gte=since)
           .annotate(week=TruncWeek("consented_at")).values("week").annotate(new_cases=Count("case_id", distinct=True)))
    case_ids = clinic_cases(clinic_ids).values("id")
    closed = (AuditEvent.objects.filter(action="case.status_change", case_id__in=case_ids, created_at__date__gte=since,
                                        new_value__status=Case.Status.CLOSED)
              .annotate(week=TruncWeek("created_at")).values("week").annotate(closed=Count("case_id", distinct=True)))
    mailed = (Letter.objects.filter(case_id__in=case_ids, mailed_on__gte=since)
              .annotate(week=TruncWeek("mailed_on")).values("week").annotate(letters_sent=Count("id")))
    replies = (Letter.objects.filter(case_id__in=case_ids, replied_on__gte=since)
               .annotate(week=TruncWeek("replied_on")).values("week")
               .annotate(replies=Count("id"), **{result: Count("id", filter=Q(reply_result=result)) for result in Letter.ReplyResult.values}))
    weeks: dict[dt.date, dict] = {}
    for rows in (new, mailed, replies, closed):
        for row in rows:
            week = row.pop("week")
            week = week.date() if isinstance(week, dt.datetime) else week
            weeks.setdefault(week, {"week": week, **{column: 0 for column, _label in REPORT_COLUMNS}}).update(row)
    rows = [weeks[week] for week in sorted(weeks, reverse=True)]
    for row in rows:
        row["cells"] = [(label, row[column]) for column, label in REPORT_COLUMNS]
    return rows
