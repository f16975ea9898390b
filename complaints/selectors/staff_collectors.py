"""Collectors across the clinic's cases (by number or by lender), and the joint complaint against one of them:
only clients who agreed, separately, to be named in it."""

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q

from complaints.models import Case, CaseNumber, LogEntry, SharedNumber
from complaints.selectors.staff_clinic import active_shares, cases_shared_anywhere, clinic_cases, joint_consent_shares
from complaints.selectors.staff_queue import number_search_keys

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
    everywhere = dict(CaseNumber.objects.filter(number__in=[row["number"] for row in ranking], case__in=cases_shared_anywhere())
                      .values("number").annotate(n=Count("case_id")).values_list("number", "n"))
    return [{**row, "all_cases": everywhere.get(row["number"], 0)} for row in ranking]


def collectors_by_lender(*, clinic_ids, query="", limit=COLLECTORS_LIST_CAP) -> list[dict]:
    rows = clinic_cases(clinic_ids).exclude(lender_name="")
    if query:
        rows = rows.filter(lender_name__startswith=query)
    ranking = list(rows.values("lender_name").annotate(cases=Count("id"), clients=Count("owner", distinct=True))
                   .order_by("-cases", "lender_name")[:limit])
    everywhere = dict(cases_shared_anywhere().filter(lender_name__in=[row["lender_name"] for row in ranking])
                      .values("lender_name").annotate(n=Count("id")).values_list("lender_name", "n"))
    return [{**row, "all_cases": everywhere.get(row["lender_name"], 0)} for row in ranking]


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
    (not from the ranking's cache), so they match what an export would hold now.

    Counted from the clinic's active shares joined to what names the collector: for a number the SharedNumber
    rows (one per active share and number, read through their index), for a lender the indexed lender column;
    each share carries its consent, so no per-case subquery runs, however many cases name the collector."""
    keys = [key for key in keys if key]
    if not keys:
        return {}
    if kind == "number":
        rows, key_field = SharedNumber.objects.filter(clinic_id__in=clinic_ids, number__in=keys), "number"
        joint = Q(share__joint_consented_at__isnull=False, share__joint_withdrawn_at__isnull=True)
    else:
        rows, key_field = active_shares(clinic_ids).filter(case__lender_name__in=keys), "case__lender_name"
        joint = Q(joint_consented_at__isnull=False, joint_withdrawn_at__isnull=True)
    # One clinic holds at most one active share of a case, so its rows are one per case and need no DISTINCT
    # (which makes the database sort every row named); a staff member of several clinics may see a case twice.
    distinct = len(clinic_ids) > 1
    counts = rows.values(key_field).annotate(total=Count("case_id", distinct=distinct),
                                             consenting=Count("case_id", filter=joint, distinct=distinct))
    return {row[key_field]: {"consenting": row["consenting"], "left_out": row["total"] - row["consenting"]} for row in counts}


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
