"""Reads for clinic staff: a clinic's cases, the triage queue, collectors, deadlines, reports.

Every function takes the clinic ids the user works for (complaints.selectors.access.clinic_access) and reads only
cases with an active share to one of them. Counts across clinics are numbers only: they never
name or link another clinic's client.
"""

import datetime as dt
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from complaints.letters.output import envelope_missing
from complaints.letters.registry import get_kind
from complaints.models import (
    AuditEvent,
    Case,
    CaseNote,
    CaseNumber,
    CaseShare,
    Letter,
    LogEntry,
    SharedNumber,
    User,
)
from complaints.phones import normalize_number

QUEUE_PAGE_SIZE = 50
# Staff triage from the top and narrow down with filters; pages past this many cases would cost a scan of
# the whole clinic (COUNT and deep OFFSET) for a view nobody works from.
QUEUE_LIST_CAP = 1000


class CappedPaginator(Paginator):
    """Pages through at most `cap` rows. `total` is the exact number when the caller can get it cheaply;
    otherwise the rows are counted only up to cap + 1, which stops early instead of scanning every case."""

    def __init__(self, object_list, per_page, *, cap, total=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        # Counted without the sort: any cap + 1 rows tell whether there are more, and the database can start
        # from the most selective index instead of walking the queue order.
        self.total = total if total is not None else object_list.order_by()[: cap + 1].count()
        self.total_known = total is not None or self.total <= cap

    @cached_property
    def count(self):
        return min(self.total, self.cap)

    @property
    def more_than_cap(self) -> bool:
        return self.total > self.cap


def active_shares(clinic_ids):
    """The clinics' shares that the borrower has not withdrawn (what every staff read starts from)."""
    return CaseShare.objects.filter(clinic_id__in=clinic_ids, withdrawn_at__isnull=True)


def clinic_case_total(clinic_ids) -> int:
    """How many cases the clinics hold, from the index of active shares (no scan of the cases)."""
    shares = active_shares(clinic_ids)
    return shares.count() if len(clinic_ids) == 1 else shares.values("case_id").distinct().count()


def clinic_cases(clinic_ids):
    """Cases shared with one of the clinics and not withdrawn."""
    return Case.objects.filter(pk__in=active_shares(clinic_ids).values("case_id"))


def clinic_members(clinic_ids):
    """Active staff of the clinics, for the assignee list."""
    return (User.objects.filter(clinic_memberships__clinic_id__in=clinic_ids, is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))


def display_name(user) -> str:
    return f"{user.last_name}{user.first_name}" or user.username


# --- search ---

def number_search_keys(text: str) -> set[str]:
    """The stored form (CaseNumber.number) of a number typed in any format; empty when it is not a number."""
    normalized = normalize_number(text)
    return {normalized} if normalized else set()


def search_filter(query: str) -> Q:
    """A name, a case number, a lender, or a phone number in any format: a collector's or the client's own."""
    query = query.strip()
    keys = number_search_keys(query) if any(char.isdigit() for char in query) else set()
    if keys:
        # Case numbers (ZR-…) always hold letters, so a number-only query is a phone number and nothing else.
        # One subquery of both indexes (UNION): an OR of the two would make the database scan every case.
        collector_cases = CaseNumber.objects.filter(number__in=keys).order_by().values("case_id")
        return Q(pk__in=collector_cases.union(Case.objects.filter(borrower_phone__in=keys).order_by().values("id")))
    return Q(reference=query.upper()) | Q(borrower_name__startswith=query) | Q(lender_name__startswith=query)


# --- the queue ---

def queue_cases(*, clinic_ids, today: dt.date, status="", assignee="", priority_level=None, lender="",
                deadline="", query="", me=None):
    """The clinic's cases, most urgent first, filtered. One query for the page and one for the count."""
    cases = clinic_cases(clinic_ids).select_related("assignee")
    if status:
        cases = cases.filter(status=status)
    if assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif assignee == "me" and me is not None:
        cases = cases.filter(assignee=me)
    elif assignee:
        cases = cases.filter(assignee_id=assignee)
    if priority_level is not None:
        cases = cases.filter(priority__gte=priority_level * 100, priority__lt=(priority_level + 1) * 100)
    if lender:
        cases = cases.filter(lender_name__startswith=lender)
    if deadline == "overdue":
        cases = cases.filter(next_deadline__lt=today)
    elif deadline == "today":
        cases = cases.filter(next_deadline=today)
    elif deadline == "week":
        cases = cases.filter(next_deadline__gte=today, next_deadline__lte=today + dt.timedelta(days=7))
    elif deadline == "none":
        cases = cases.filter(next_deadline__isnull=True)
    if query:
        cases = cases.filter(search_filter(query))
    return cases.order_by("-priority", F("next_deadline").asc(nulls_last=True), "-id").only(
        "id", "reference", "borrower_name", "lender_name", "status", "priority", "priority_reason", "next_deadline",
        "created_at", "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name",
    )


# --- the case page ---

def case_notes(case):
    return CaseNote.objects.filter(case=case).select_related("author")


def case_audit_events(case):
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor")


def case_log_entries(case, limit=200):
    return LogEntry.objects.filter(case=case, pending_review=False).order_by("-at", "-id")[:limit]


def case_collector_counts(*, case, clinic_ids) -> list[dict]:
    """For each number that contacted this borrower: how many other clients of the clinic it reached,
    and how many other Zhirao clients shared with any clinic (a number only). A walk-in case nobody has
    claimed yet counts as its own client. One grouped query over the SharedNumber index."""
    numbers = list(CaseNumber.objects.filter(case=case).values_list("number", flat=True))
    if not numbers:
        return []
    others = SharedNumber.objects.filter(number__in=numbers).exclude(case_id=case.pk)
    if case.owner_id:
        others = others.exclude(owner_id=case.owner_id)
    in_clinic = Q(clinic_id__in=clinic_ids)
    counts = {row["number"]: row for row in others.values("number").annotate(
        owners=Count("owner_id", distinct=True),
        unclaimed=Count("case_id", filter=Q(owner_id__isnull=True), distinct=True),
        clinic_owners=Count("owner_id", filter=in_clinic, distinct=True),
        clinic_unclaimed=Count("case_id", filter=Q(owner_id__isnull=True) & in_clinic, distinct=True),
    )}
    rows = []
    for number in numbers:
        row = counts.get(number, {})
        rows.append({"number": number, "clinic_clients": row.get("clinic_owners", 0) + row.get("clinic_unclaimed", 0),
                     "all_clients": row.get("owners", 0) + row.get("unclaimed", 0)})
    return rows


def _cases_shared_anywhere():
    return Case.objects.filter(pk__in=CaseShare.objects.filter(withdrawn_at__isnull=True).values("case_id"))


def lender_counts(*, case, clinic_ids) -> dict:
    """Other cases with the same lender: in the clinic, and shared with any clinic (one query)."""
    if not case.lender_name:
        return {}
    in_clinic = Exists(CaseShare.objects.filter(case_id=OuterRef("pk"), clinic_id__in=clinic_ids, withdrawn_at__isnull=True))
    counts = (_cases_shared_anywhere().filter(lender_name=case.lender_name).exclude(pk=case.pk)
              .aggregate(all_cases=Count("id"), clinic_cases=Count("id", filter=in_clinic)))
    return {"lender": case.lender_name, **counts}


# --- collectors ---

COLLECTORS_PAGE_SIZE = 50
# The full ranking aggregates every number of every case of the clinic; it is kept for a few minutes
# (counts that are a few minutes old are fine for spotting recurring collectors) and at most this many rows.
COLLECTORS_CACHE_SECONDS = 300
COLLECTORS_LIST_CAP = 1000


def collectors_ranking(*, clinic_ids, kind: str, query: str = "") -> list[dict]:
    """The rows of the collectors page, most cases first. A search is answered fresh; the full
    ranking comes from the cache when it was computed in the last COLLECTORS_CACHE_SECONDS."""
    compute = collectors_by_number if kind == "number" else collectors_by_lender
    if query:
        return compute(clinic_ids=clinic_ids, query=query)
    key = f"staff:collectors:{kind}:{','.join(map(str, sorted(clinic_ids)))}"
    return cache.get_or_set(key, lambda: compute(clinic_ids=clinic_ids), COLLECTORS_CACHE_SECONDS)


def collectors_by_number(*, clinic_ids, query="", limit=COLLECTORS_LIST_CAP) -> list[dict]:
    """Collector numbers in the clinic's cases, most cases first, with the count across all clinics
    (two grouped queries: the clinic's ranking, then the same numbers everywhere)."""
    rows = CaseNumber.objects.filter(case__in=clinic_cases(clinic_ids))
    if query:
        rows = rows.filter(number__in=number_search_keys(query))
    ranking = list(rows.values("number").annotate(cases=Count("case_id"), clients=Count("case__owner", distinct=True))
                   .order_by("-cases", "number")[:limit])
    everywhere = dict(CaseNumber.objects.filter(number__in=[row["number"] for row in ranking], case__in=_cases_shared_anywhere())
                      .values("number").annotate(n=Count("case_id")).values_list("number", "n"))
    return [{**row, "all_cases": everywhere.get(row["number"], 0)} for row in ranking]


def collectors_by_lender(*, clinic_ids, query="", limit=COLLECTORS_LIST_CAP) -> list[dict]:
    rows = clinic_cases(clinic_ids).exclude(lender_name="")
    if query:
        rows = rows.filter(lender_name__startswith=query)
    ranking = list(rows.values("lender_name").annotate(cases=Count("id"), clients=Count("owner", distinct=True))
                   .order_by("-cases", "lender_name")[:limit])
    everywhere = dict(_cases_shared_anywhere().filter(lender_name__in=[row["lender_name"] for row in ranking])
                      .values("lender_name").annotate(n=Count("id")).values_list("lender_name", "n"))
    return [{**row, "all_cases": everywhere.get(row["lender_name"], 0)} for row in ranking]


def joint_consent_shares(clinic_ids):
    """Active shares with the clinics whose client also agreed, separately, to be named in their joint complaints."""
    return active_shares(clinic_ids).filter(joint_consented_at__isnull=False, joint_withdrawn_at__isnull=True)


def consenting_cases_for_collector(*, clinic_ids, kind: str, key: str):
    """The clinic's cases that name this collector number or lender and whose client agreed to be named in the
    clinic's joint complaints. Sharing a case is not enough: the export goes to third parties."""
    cases = Case.objects.filter(pk__in=joint_consent_shares(clinic_ids).values("case_id"))
    if kind == "number":
        cases = cases.filter(pk__in=CaseNumber.objects.filter(number=key).values("case_id"))
    else:
        cases = cases.filter(lender_name=key)
    return cases.order_by("created_at", "id")


def joint_consent_counts(*, clinic_ids, kind: str, keys) -> dict[str, dict]:
    """For each collector number (or lender) in `keys`: how many of the clinic's cases name it with the client's
    joint-complaint consent (`consenting`) and without it (`left_out`). Numbers only; one grouped query, fresh
    (not from the ranking's cache), so they match what an export would hold now."""
    keys = [key for key in keys if key]
    if not keys:
        return {}
    if kind == "number":
        rows, key_field, case_field = CaseNumber.objects.filter(number__in=keys, case__in=clinic_cases(clinic_ids)), "number", "case_id"
    else:
        rows, key_field, case_field = clinic_cases(clinic_ids).filter(lender_name__in=keys), "lender_name", "id"
    consented = Exists(joint_consent_shares(clinic_ids).filter(case_id=OuterRef(case_field)))
    counts = rows.values(key_field).annotate(total=Count(case_field, distinct=True),
                                             consenting=Count(case_field, filter=Q(consented), distinct=True))
    return {row[key_field]: {"consenting": row["consenting"], "left_out": row["total"] - row["consenting"]} for row in counts}


def case_joint_consent(*, case, clinic_ids) -> CaseShare | None:
    """The case's share with one of the clinics that carries the joint-complaint consent, if any."""
    return joint_consent_shares(clinic_ids).filter(case=case).order_by("joint_consented_at").first()


# --- deadlines ---

# The most urgent first; the rest of a group is one click away in the queue's deadline filter.
DEADLINES_PER_GROUP = 50

def deadline_groups(*, clinic_ids, today: dt.date) -> dict:
    """Waiting periods that ended without a reply, end today, and end in the next seven days."""
    cases = (clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED).filter(next_deadline__isnull=False)
             .select_related("assignee").order_by("next_deadline", "-priority", "id")
             .only("id", "reference", "borrower_name", "lender_name", "status", "priority", "next_deadline",
                   "assignee__id", "assignee__username", "assignee__first_name", "assignee__last_name"))
    return {
        "overdue": list(cases.filter(next_deadline__lt=today)[:DEADLINES_PER_GROUP]),
        "today": list(cases.filter(next_deadline=today)[:DEADLINES_PER_GROUP]),
        "week": list(cases.filter(next_deadline__gt=today, next_deadline__lte=today + dt.timedelta(days=7))[:DEADLINES_PER_GROUP]),
    }


# --- reports ---

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


def joint_complaint_rows(*, clinic_ids, kind: str, key: str) -> list[dict]:
    """One row per consenting client's case for a joint complaint against a collector number or a lender:
    who, since when, how often, and whom the collector contacted (from the confirmed log)."""
    cases = list(consenting_cases_for_collector(clinic_ids=clinic_ids, kind=kind, key=key)
                 .only("id", "reference", "borrower_name", "lender_name", "data", "created_at"))
    entries = LogEntry.objects.filter(case__in=[case.pk for case in cases], pending_review=False)
    if kind == "number":
        entries = entries.filter(from_number=key)
    stats = {row["case_id"]: row for row in entries.values("case_id").annotate(
        contacts=Count("id"), first=Min("at"), last=Max("at"),
        third_party=Count("id", filter=~Q(target=LogEntry.Target.SELF)))}
    numbers: dict[int, list[str]] = {}
    for case_id, number in CaseNumber.objects.filter(case__in=[case.pk for case in cases]).values_list("case_id", "number"):
        numbers.setdefault(case_id, []).append(number)
    rows = []
    for case in cases:
        row = stats.get(case.pk, {})
        rows.append({
            "reference": case.reference,
            "borrower_name": case.borrower_name,
            "borrower_phone": ((case.data or {}).get("borrower") or {}).get("phone", ""),
            "lender_name": case.lender_name,
            "numbers": sorted(numbers.get(case.pk, [])),
            "contacts": row.get("contacts", 0),
            "third_party_contacts": row.get("third_party", 0),
            "first": row.get("first"),
            "last": row.get("last"),
        })
    return rows


# --- mailing day ---

MAILING_DAY_CAP = 500  # one day's post for a clinic; more than this is printed in several rounds

def letters_ready_to_mail(*, clinic_ids) -> list:
    """Letters of the clinic's open cases that go by post, are not mailed yet and have a complete envelope:
    the newest rendering of each (case, kind, target), in address order (postcode, then address)."""
    newer = Letter.objects.filter(case_id=OuterRef("case_id"), kind=OuterRef("kind"), target=OuterRef("target"),
                                  created_at__gt=OuterRef("created_at"))
    letters = (Letter.objects.filter(case__in=clinic_cases(clinic_ids).exclude(status=Case.Status.CLOSED), mailed_on__isnull=True)
               .exclude(Exists(newer)).select_related("case").defer("html")[:MAILING_DAY_CAP])
    ready = [letter for letter in letters
             if get_kind(letter.kind).postal != "none" and not envelope_missing(letter.addressee, letter.sender)]
    return sorted(ready, key=lambda letter: (letter.addressee.get("postcode", ""), letter.addressee.get("address", ""),
                                             letter.addressee.get("name", ""), letter.pk))
