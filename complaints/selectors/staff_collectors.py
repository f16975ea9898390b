"""Collectors across the clinic's cases (by number or by lender), and the joint complaint against one of them:
only clients who agreed, separately, to be named in it."""

from django.db.models import Count, Max, Min, Q

from complaints.models import Case, CaseNumber, CollectorCount, CollectorKind, LogEntry
from complaints.selectors.staff_clinic import joint_consent_shares
from complaints.selectors.staff_queue import number_search_keys

COLLECTORS_PAGE_SIZE = 50
# The page's rows carry the collector under the name of its kind (as the export's `key` and the templates read it).
KEY_FIELD = {CollectorKind.NUMBER: "number", CollectorKind.LENDER: "lender_name"}


def collector_counts(*, clinic_id: int, kind: str, query: str = ""):
    """The clinic's collector numbers (or lenders), most cases first: its stored counts (complaints.models.collectors),
    read as a range of their ranking index however many cases name each collector. `query`: a number in any format,
    or the start of a lender's name."""
    counts = CollectorCount.objects.filter(clinic_id=clinic_id, kind=kind, cases__gt=0)
    if query:
        counts = counts.filter(key__in=number_search_keys(query)) if kind == CollectorKind.NUMBER else counts.filter(key__startswith=query)
    return counts.order_by("-cases", "key").only("key", "cases", "clients", "consenting")


def collector_rows(counts, *, kind: str) -> list[dict]:
    """The collectors page's rows for a page of collector_counts: the clinic's cases and clients, the cases across all
    clinics (numbers only, one query), and how many of the clinic's cases are in its joint complaints (`consenting`)
    or left out for lack of the client's consent."""
    counts = list(counts)
    everywhere = dict(CollectorCount.objects.filter(clinic__isnull=True, kind=kind, key__in=[count.key for count in counts])
                      .values_list("key", "cases"))
    return [{KEY_FIELD[kind]: count.key, "cases": count.cases, "clients": count.clients, "all_cases": everywhere.get(count.key, 0),
             "consenting": count.consenting, "left_out": count.cases - count.consenting} for count in counts]


def joint_consent_left_out(*, clinic_id: int, kind: str, key: str) -> int:
    """How many of the clinic's cases name the collector without the client's joint-complaint consent (fresh: the
    counts are kept in the transaction of every write)."""
    count = CollectorCount.objects.filter(clinic_id=clinic_id, kind=kind, key=key).only("cases", "consenting").first()
    return count.cases - count.consenting if count else 0


def consenting_cases_for_collector(*, clinic_ids, kind: str, key: str):
    """The clinic's cases that name this collector number or lender and whose client agreed to be named in the
    clinic's joint complaints. Sharing a case is not enough: the export goes to third parties."""
    cases = Case.objects.filter(pk__in=joint_consent_shares(clinic_ids).values("case_id"))
    if kind == "number":
        cases = cases.filter(pk__in=CaseNumber.objects.filter(number=key).values("case_id"))
    else:
        cases = cases.filter(lender_name=key)
    return cases.order_by("created_at", "id")


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
