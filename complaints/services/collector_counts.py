"""The collector counts (complaints.models.collectors) kept in step with the cases they count.

`collector_counts_sync` is called in the transaction of every write that changes what a case names or who sees it
(its numbers and lender through complaints.services.numbers, its owner, its shares, the joint consent): it brings the
case's CollectorCase rows in step with the case and adds the difference to the counts, under a row lock on each
count touched, so two writers naming the same collector wait for each other instead of losing an update. A writer
syncs once, after its last change to what the case names: a second sync in the same transaction that creates a count
row, after the first locked others, can deadlock with another writer creating that row (the writers that sync twice
today, a share given with its joint consent, create none the second time).
`collector_counts_rebuild` recounts everything from the cases (the migration's backfill, and
`manage.py collector_counts_rebuild` after rows were changed by hand). `collector_counts_catch_up` brings every case in
step the way a writer does, batch by batch, without locking the tables (`manage.py collector_counts_rebuild --online`,
after the old version wrote cases while a deploy's migration ran).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q

NUMBER, LENDER = "number", "lender"
REBUILD_BATCH = 5000
CATCH_UP_BATCH = 500  # cases per short transaction: what a writer of one of them may wait for


def _models(apps):
    return (apps.get_model("complaints", name) for name in ("Case", "CaseShare", "CaseNumber", "CollectorCase", "CollectorCount"))


def _client(owner_id, case_id):
    # A walk-in case nobody has claimed yet counts as its own client.
    return ("owner", owner_id) if owner_id is not None else ("case", case_id)


def _wanted_rows(case_ids, *, apps=django_apps) -> set[tuple]:
    """(case, clinic, kind, key, owner, joint) for each active share of the cases × each collector they name."""
    case_model, share_model, number_model, _rows, _counts = _models(apps)
    owners, keys = {}, defaultdict(list)
    for case_id, owner_id, lender in case_model.objects.filter(pk__in=case_ids).values_list("pk", "owner_id", "lender_name"):
        owners[case_id] = owner_id
        if lender:
            keys[case_id].append((LENDER, lender))
    for case_id, number in number_model.objects.filter(case_id__in=case_ids).values_list("case_id", "number"):
        keys[case_id].append((NUMBER, number))
    shares = share_model.objects.filter(case_id__in=case_ids, withdrawn_at__isnull=True).values_list(
        "case_id", "clinic_id", "joint_consented_at", "joint_withdrawn_at")
    return {(case_id, clinic_id, kind, key, owners[case_id], consented is not None and withdrawn is None)
            for case_id, clinic_id, consented, withdrawn in shares for kind, key in keys[case_id]}


@dataclass
class _Tally:
    cases: set = field(default_factory=set)
    clients: set = field(default_factory=set)
    consenting: set = field(default_factory=set)


def _tallies(rows, collectors) -> dict[tuple, _Tally]:
    """The rows' cases, clients and consenting cases per count (clinic, kind, key) and (None, kind, key)."""
    tallies = defaultdict(_Tally)
    for case_id, clinic_id, kind, key, owner_id, joint in rows:
        if (kind, key) not in collectors:
            continue
        for scope in (clinic_id, None):
            tally = tallies[(scope, kind, key)]
            tally.cases.add(case_id)
            tally.clients.add(_client(owner_id, case_id))
            if joint and scope is not None:
                tally.consenting.add(case_id)
    return tallies


@transaction.atomic
def collector_counts_sync(case_ids: Iterable[int], *, removing: bool = False) -> None:
    """Bring the cases' CollectorCase rows in step with what they name and who sees them, and the counts with them
    (`removing`: the cases are about to be deleted). Call inside the writing transaction, after the write (before it
    when removing). Idempotent; a fixed number of queries for any number of cases (seed_demo writes thousands)."""
    _case, _share, _number, row_model, _counts = _models(django_apps)
    case_ids = list(case_ids)
    stored = {(case_id, clinic_id, kind, key, owner_id, joint): pk for pk, case_id, clinic_id, kind, key, owner_id, joint
              in row_model.objects.filter(case_id__in=case_ids).values_list("pk", "case_id", "clinic_id", "kind", "key", "owner_id", "joint")}
    wanted = set() if removing else _wanted_rows(case_ids)
    gone = [row for row in stored if row not in wanted]
    new = [row for row in wanted if row not in stored]
    if not gone and not new:
        return
    row_model.objects.filter(pk__in=[stored[row] for row in gone]).delete()
    row_model.objects.bulk_create([row_model(case_id=case_id, clinic_id=clinic_id, kind=kind, key=key, owner_id=owner_id, joint=joint)
                                   for case_id, clinic_id, kind, key, owner_id, joint in new], batch_size=1000)
    _owners_lock({owner for _case_id, _clinic_id, _kind, _key, owner, _joint in [*gone, *new] if owner is not None})
    collectors = {(kind, key) for _case_id, _clinic_id, kind, key, _owner, _joint in [*gone, *new]}
    before, after = _tallies(stored, collectors), _tallies(wanted, collectors)
    _counts_add(_deltas(before, after, case_ids=case_ids, collectors=collectors))


def _owners_lock(owner_ids: set[int]) -> None:
    """Writers of two cases of one owner wait for each other here: each counts her as a new client of a collector
    only if none of her other cases' rows names it, and without the wait each would read the other's rows as they
    were before both writes and count her twice. Her user row is the lock (ids in order, so two writers never hold
    them crosswise)."""
    if owner_ids:
        user_model = django_apps.get_model(settings.AUTH_USER_MODEL)
        list(user_model.objects.select_for_update().filter(pk__in=owner_ids).order_by("pk").values_list("pk", flat=True))


def _deltas(before, after, *, case_ids, collectors) -> dict[tuple, tuple[int, int, int]]:
    """What the change of these cases' rows adds to each count: cases and consenting cases directly; clients only
    when no other case of the same owner (read from the other cases' rows) already makes them one."""
    _case, _share, _number, row_model, _counts = _models(django_apps)
    owners = {owner for tally in [*before.values(), *after.values()] for kind, owner in tally.clients if kind == "owner"}
    others = defaultdict(set)
    if owners:
        rows = (row_model.objects.filter(owner_id__in=owners, key__in={key for _kind, key in collectors}).exclude(case_id__in=case_ids)
                .values_list("clinic_id", "kind", "key", "owner_id").distinct())
        for clinic_id, kind, key, owner_id in rows:
            others[(clinic_id, kind, key)].add(("owner", owner_id))
            others[(None, kind, key)].add(("owner", owner_id))
    deltas = {}
    for scope in before.keys() | after.keys():
        old, new = before.get(scope, _Tally()), after.get(scope, _Tally())
        delta = (len(new.cases) - len(old.cases), len(new.clients - others[scope]) - len(old.clients - others[scope]),
                 len(new.consenting) - len(old.consenting))
        if any(delta):
            deltas[scope] = delta
    return deltas


def _counts_add(deltas) -> None:
    """Add the deltas to their counts: missing rows created first (a concurrent creator wins, nothing is lost), then
    every row touched locked in id order, then one UPDATE per distinct delta (a batch of seeded cases adds +1 to
    thousands of counts: a few statements, not one per count)."""
    _case, _share, _number, _rows, count_model = _models(django_apps)
    if not deltas:
        return
    count_model.objects.bulk_create([count_model(clinic_id=clinic_id, kind=kind, key=key) for clinic_id, kind, key in sorted(deltas, key=repr)],
                                    ignore_conflicts=True, batch_size=1000)
    locked = (count_model.objects.select_for_update().filter(key__in={key for _clinic, _kind, key in deltas}).order_by("pk")
              .values_list("pk", "clinic_id", "kind", "key"))
    by_delta = defaultdict(list)
    for pk, clinic_id, kind, key in locked:
        if (clinic_id, kind, key) in deltas:
            by_delta[deltas[(clinic_id, kind, key)]].append(pk)
    for (cases, clients, consenting), pks in by_delta.items():
        count_model.objects.filter(pk__in=pks).update(cases=F("cases") + cases, clients=F("clients") + clients,
                                                      consenting=F("consenting") + consenting)


def collector_counts_rebuild(*, apps=django_apps, batch_size: int = REBUILD_BATCH, own_transactions: bool = False) -> int:
    """Every CollectorCase row made again from the cases, shares and numbers, batch by batch of case ids, then every
    count recounted from them; returns how many counts there are. `own_transactions`: each batch commits on its own
    (the migration's backfill, on tables the running version does not know yet, so no writer waits on it); otherwise
    the caller's transaction holds the whole rebuild (manage.py collector_counts_rebuild, which locks the two tables)."""
    case_model, _share, _number, row_model, count_model = _models(apps)
    last = 0
    while True:
        ids = list(case_model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic(savepoint=not own_transactions):
            row_model.objects.filter(case_id__in=ids).delete()
            row_model.objects.bulk_create([row_model(case_id=case_id, clinic_id=clinic_id, kind=kind, key=key, owner_id=owner_id, joint=joint)
                                           for case_id, clinic_id, kind, key, owner_id, joint in _wanted_rows(ids, apps=apps)], batch_size=1000)
        last = ids[-1]
    with transaction.atomic(savepoint=not own_transactions):
        count_model.objects.all().delete()
        walk_in = Q(owner_id__isnull=True)
        per_clinic = row_model.objects.values("clinic_id", "kind", "key").annotate(
            n=Count("case_id"), owners=Count("owner_id", distinct=True), walk_ins=Count("case_id", filter=walk_in),
            joint_n=Count("case_id", filter=Q(joint=True)))
        anywhere = row_model.objects.values("kind", "key").annotate(
            n=Count("case_id", distinct=True), owners=Count("owner_id", distinct=True), walk_ins=Count("case_id", filter=walk_in, distinct=True))
        made = 0
        for rows in (per_clinic.order_by(), anywhere.order_by()):
            batch = []
            for row in rows.iterator(chunk_size=batch_size):
                batch.append(count_model(clinic_id=row.get("clinic_id"), kind=row["kind"], key=row["key"], cases=row["n"],
                                         clients=row["owners"] + row["walk_ins"], consenting=row.get("joint_n", 0)))
                if len(batch) >= batch_size:
                    made += len(count_model.objects.bulk_create(batch))
                    batch = []
            made += len(count_model.objects.bulk_create(batch))
    return made


def collector_counts_catch_up(*, batch_size: int = CATCH_UP_BATCH) -> int:
    """Every case's rows and counts brought in step with it, one short transaction per batch of cases, as a writer
    does (`collector_counts_sync`); returns how many cases were checked. Nothing but the batch's own rows is locked,
    so writers go on meanwhile: a writer of one of the batch's cases waits for that batch, no longer.

    It mends what the old version wrote without counting (cases, numbers, lenders, shares), since the counts still
    agree with the rows then (the migration's backfill counted them from the rows, and every write since kept both in
    step); counts changed by hand need the locked rebuild."""
    case_model, share_model, _number, _rows, _counts = _models(django_apps)
    last = checked = 0
    while True:
        ids = list(case_model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return checked
        with transaction.atomic():
            # The batch's cases and shares, locked in id order, wait for (and hold off) any writer of these cases,
            # whose own collector_counts_sync would otherwise read the same rows and add its difference twice.
            list(case_model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
            list(share_model.objects.select_for_update().filter(case_id__in=ids).order_by("pk").values_list("pk", flat=True))
            collector_counts_sync(ids)
        checked += len(ids)
        last = ids[-1]


def collector_tables_lock() -> None:
    """Writers of the collector counts wait while a rebuild recounts them (readers go on); PostgreSQL only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE complaints_collectorcase, complaints_collectorcount IN EXCLUSIVE MODE")
