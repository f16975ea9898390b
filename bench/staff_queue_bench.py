"""Staff pages at scale: `python bench/staff_queue_bench.py [--cases 100000] [--runs 30] [--no-write]`.

Runs against PostgreSQL (DATABASE_URL, default the database zhirao_bench on 127.0.0.1; created when missing), migrates it,
seeds synthetic cases with `manage.py seed_demo` until it holds --cases of them (about 20 log entries
each), then times full requests (middleware, session, queries, template) to the triage queue, its
filters and searches (name, case number, lender, a phone number typed three ways), the collectors
pages and a case page, as the staff of the biggest synthetic clinic, then times the deploy catch-up of the
collector counts (`manage.py collector_counts_rebuild --online`) over all of them. Target: every page under
150 ms at p95. The result replaces its own section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time

import _bootstrap  # bench/ is on sys.path when a script runs

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhirao_bench")

import dj_database_url
import psycopg
from psycopg import sql


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet (a fresh machine has none)."""
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    params = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
              "password": config["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")


ensure_database(os.environ["DATABASE_URL"])
_bootstrap.django_setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from complaints.management.commands.seed_demo import SEED_PREFIX  # noqa: E402
from complaints.models import Case, CaseNumber, LogEntry, User  # noqa: E402
from complaints.services.collector_counts import CATCH_UP_BATCH, collector_counts_catch_up  # noqa: E402

START, END = _bootstrap.markers("staff_queue_bench")
TARGET_P95_MS = 150.0
TARGET_SEED_SECONDS = 600  # seed_demo --cases 100000 in under 10 minutes
# seed_demo draws each case's log size from a normal curve around this and rounds down: about 20.5 a case,
# so 100,000 cases hold over 2,000,000 log entries.
LOGS_PER_CASE = 21


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def seed(target: int) -> tuple[int, float] | None:
    """Seed synthetic cases up to `target`; (cases seeded, seconds) when this run seeded any."""
    have = Case.objects.filter(owner__username__startswith=SEED_PREFIX).count()
    seeded = None
    if have < target:
        started = time.monotonic()
        call_command("seed_demo", cases=target - have, logs_per_case=LOGS_PER_CASE)
        seeded = (target - have, time.monotonic() - started)
        print(f"seeded {seeded[0]} cases in {seeded[1]:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seeded


def scenarios() -> list[tuple[str, str]]:
    queue = reverse("staff:queue")
    staff = User.objects.get(username=f"{SEED_PREFIX}staff-1")
    clinic_id = staff.clinic_memberships.get().clinic_id
    shared = Case.objects.filter(shares__clinic_id=clinic_id, shares__withdrawn_at__isnull=True)
    frequent = (CaseNumber.objects.filter(case__in=shared, number__startswith="+861").values("number")
                .annotate(n=Count("id")).order_by("-n")[:1].get()["number"])
    digits = frequent[3:]
    sample = shared.order_by("id")[shared.count() // 2]
    lender_prefix = sample.lender_name[:4]
    return [
        ("队列第 1 页", queue),
        ("队列第 20 页（最后一页）", f"{queue}?page=20"),
        ("队列：状态 + 优先级", f"{queue}?status=new&priority=3"),
        ("队列：已过期限", f"{queue}?deadline=overdue"),
        ("队列：未分配 + 放贷机构", f"{queue}?assignee=none&lender={lender_prefix}"),
        ("搜索姓名", f"{queue}?q={sample.borrower_name}"),
        ("搜索案件编号", f"{queue}?q={sample.reference}"),
        ("搜索放贷机构", f"{queue}?q={lender_prefix}"),
        ("搜索号码 138…", f"{queue}?q={digits}"),
        ("搜索号码 +86 …", f"{queue}?q=%2B86%20{digits[:3]}%20{digits[3:7]}%20{digits[7:]}"),
        ("搜索号码 0086-…", f"{queue}?q=0086-{digits}"),
        ("搜索求助人本人号码", f"{queue}?q={sample.borrower_phone[3:]}"),
        ("催收方（按号码）", reverse("staff:collectors")),
        ("催收方（按放贷机构）", f"{reverse('staff:collectors')}?kind=lender"),
        ("案件页", reverse("staff:case", args=[sample.pk])),
        ("期限页", reverse("staff:deadlines")),
    ]


def measure(runs: int) -> list[dict]:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Staff log in with a TOTP code in production; the check costs the same on every page, so it is left out here.
    settings.STAFF_SECOND_FACTOR_REQUIRED = False
    client = Client()
    client.force_login(User.objects.get(username=f"{SEED_PREFIX}staff-1"))
    results = []
    for name, url in scenarios():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        timings, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, url
        results.append({"name": name, "url": url, "p50": statistics.median(timings), "p95": percentile(timings, 0.95),
                        "max": max(timings), "cpu": statistics.median(cpu)})
        print(f"{name:24} p50 {results[-1]['p50']:7.1f} ms   p95 {results[-1]['p95']:7.1f} ms   cpu {results[-1]['cpu']:6.1f} ms")
    return results


def catch_up() -> tuple[int, float]:
    """`manage.py collector_counts_rebuild --online` over the seed: (cases checked, seconds). Every case is already
    in step, so this is the cost of checking; a deploy's catch-up mends a few more rows in the same batches."""
    started = time.monotonic()
    checked = collector_counts_catch_up()
    return checked, time.monotonic() - started


def catch_up_line(checked: int, seconds: float) -> str:
    batches = max(1, -(-checked // CATCH_UP_BATCH))
    return (f"部署后的计数补齐（`manage.py collector_counts_rebuild --online`）：检查 {checked} 个案件用时 {seconds:.0f} 秒，"
            f"{batches} 批，每批（一个短事务，只锁本批案件）平均 {seconds * 1000 / batches:.0f} ms；其间没有整表锁，"
            "写入其他案件的人不用等。")


def seeding_line(seeded) -> str:
    if seeded is None:
        return "数据库里已有合成数据，本次没有重新生成（生成用时见上一次生成时的记录）。"
    count, seconds = seeded
    per_100k = seconds * 100_000 / count
    verdict = "达标" if per_100k < TARGET_SEED_SECONDS else "未达标"
    return (f"生成数据：`manage.py seed_demo` 本次生成 {count} 个案件，用时 {seconds // 60:.0f} 分 {seconds % 60:.0f} 秒，"
            f"折合每 100000 个案件 {per_100k / 60:.1f} 分钟（目标：{TARGET_SEED_SECONDS // 60} 分钟内；{verdict}）。")


def write_report(results, runs, load_at_start, seeded, caught_up):
    cases, entries = Case.objects.count(), LogEntry.objects.count()
    worst = max(result["p95"] for result in results)
    lines = [
        START,
        "## 工作人员页面（bench/staff_queue_bench.py）",
        "",
        f"PostgreSQL {connection.cursor().connection.info.server_version // 10000}，{cases} 个案件、{entries} 条骚扰记录"
        f"（`manage.py seed_demo` 合成数据），以最大的合成机构（约一半案件）的工作人员身份，每页完整请求 {runs} 次（先预热 3 次）。"
        f"目标：每页 p95 低于 {TARGET_P95_MS:.0f} ms。",
        "",
        seeding_line(seeded),
        "",
        "| 页面 | p50 | p95 | 最大 | 应用进程 CPU（中位） |",
        "|---|---|---|---|---|",
        *[f"| {r['name']} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['max']:.1f} ms | {r['cpu']:.1f} ms |" for r in results],
        "",
        f"结论：最慢一页 p95 {worst:.1f} ms，{'达标' if worst < TARGET_P95_MS else '未达标'}。",
        "",
        catch_up_line(*caught_up),
        "",
        f"运行于 {dt.date.today().isoformat()}，{_bootstrap.machine()}，"
        f"系统负载（1 分钟平均）开始时 {load_at_start:.1f}、结束时 {os.getloadavg()[0]:.1f}（结束时的数字包括本基准自己和数据库；"
        "与其他进程共用机器，负载高于 CPU 数时等待时间成倍增加，"
        "“应用进程 CPU”一栏是 Django 进程本身的计算量，不含数据库）。",
        END,
    ]
    _bootstrap.write_section("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zhirao_bench).")
    load_at_start = os.getloadavg()[0]  # before this script's own work (migrate, VACUUM ANALYZE) adds to it
    call_command("migrate", verbosity=0)
    seeded = seed(args.cases)
    results = measure(args.runs)
    caught_up = catch_up()
    print(catch_up_line(*caught_up))
    if not args.no_write:
        write_report(results, args.runs, load_at_start, seeded, caught_up)


if __name__ == "__main__":
    main()
