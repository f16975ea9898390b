"""Migrations while the old version serves, on the 100,000-case seed: `python bench/migrate_while_serving.py
[--old-rev REV] [--seconds 15] [--no-write]`.

A rolling deploy (docs/DEPLOY.md, "Migrations while the old version serves") runs `manage.py migrate` while the
previous release still answers requests. This bench does exactly that on the staff bench's PostgreSQL database
(DATABASE_URL, default zhirao_bench, seeded by bench/staff_queue_bench.py):

1. checks out --old-rev (default: the commit before the newest migration was added) in a temporary git worktree
   and takes the database back to that release's migrations, with this release's code (a rehearsal only: a real
   deploy never goes backwards);
2. starts the old release's gunicorn against it; a staff member and a borrower work pages that read the big tables
   (queue, collectors, deadlines, a case, the borrower's case and letters), without pause, and the borrower adds a
   log entry twice a second (a write to the log and her case);
3. after --seconds of that, runs this release's `manage.py migrate`, while a monitor polls pg_locks every 20 ms
   for locks the migration holds that block reads or writes of the big tables (cases, log entries, case numbers,
   evidence, audit events);
4. serves another --seconds on the migrated database with the old code.

Reports the migration's duration, the longest blocking lock it held on each big table, and the old release's
requests before, during and after (count, p50, p95, max, errors). Goal: 0 errors throughout (the old code lives
with the new schema) and no blocking lock on a big table longer than 1 second. Its section of docs/benchmarks.md is
replaced unless --no-write.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import _bootstrap  # bench/ is on sys.path when a script runs

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhirao_bench")

import psycopg

from bench.cluster import PASSWORD, STAFF_TOTP_KEY, Browser, Cluster, environment

START, END = _bootstrap.markers("migrate_while_serving")
ROOT = _bootstrap.ROOT
BIG_TABLES = ("complaints_case", "complaints_logentry", "complaints_casenumber", "complaints_evidence",
              "complaints_auditevent")
# Lock modes that stop other sessions' reads or writes of a table (CREATE INDEX CONCURRENTLY takes none of them).
BLOCKING_MODES = ("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
MIGRATE_APP_NAME = "zhirao-migrate-bench"
GOAL_LOCK_SECONDS = 1.0
PHASES = ("迁移前", "迁移中", "迁移后")

# The seeded clinic's first staff member and a borrower whose case it holds, given a password and an authenticator
# so that they can log in over HTTP like anyone else.
ACCOUNTS = f"""
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from complaints.management.commands.seed_demo import SEED_PREFIX
from complaints.models import Case, User
staff = User.objects.get(username=f"{{SEED_PREFIX}}staff-1")
staff.set_password("{PASSWORD}")
staff.save()
TOTPDevice.objects.filter(user=staff).delete()
TOTPDevice.objects.create(user=staff, name="bench", key="{STAFF_TOTP_KEY}", confirmed=True)
clinic_id = staff.clinic_memberships.get().clinic_id
shared = Case.objects.filter(shares__clinic_id=clinic_id, shares__withdrawn_at__isnull=True).order_by("id")
case = shared[shared.count() // 2]
case.owner.set_password("{PASSWORD}")
case.owner.save()
print(json.dumps({{"staff": staff.username, "borrower": case.owner.username, "case": case.pk}}))
"""


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def migration_files(rev: str = "HEAD") -> dict[str, list[str]]:
    """Each app's migrations at a commit, in order."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in git("ls-tree", "-r", "--name-only", rev).splitlines():
        parts = Path(path).parts
        if len(parts) == 3 and parts[1] == "migrations" and parts[2][:1] == "0" and parts[2].endswith(".py"):
            found[parts[0]].append(parts[2][:-3])
    return {app: sorted(names) for app, names in found.items()}


def is_earlier_release(old: dict[str, list[str]], new: dict[str, list[str]]) -> bool:
    """The old release's migrations are the first of this one's, and it lacks some (so there is something to apply)."""
    prefixes = all(new.get(app, [])[: len(names)] == names for app, names in old.items())
    return prefixes and old != new


def default_old_rev() -> str:
    """The newest earlier commit of this branch (first parents: releases) with fewer migrations than this one."""
    new = migration_files()
    for rev in git("rev-list", "--first-parent", "HEAD").splitlines():
        if is_earlier_release(migration_files(rev), new):
            return rev
    raise SystemExit("no earlier commit has a subset of this release's migrations; give --old-rev")


class LockMonitor(threading.Thread):
    """How long the migration's session held each blocking lock on a big table (polled, so to within 20 ms)."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        self.database_url = database_url
        self.stop = threading.Event()
        self.held: dict[tuple[str, str], float] = defaultdict(float)
        self.blocked_max = 0

    def run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            last = time.monotonic()
            while not self.stop.is_set():
                time.sleep(0.02)
                now = time.monotonic()
                rows = connection.execute(
                    "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = %s AND l.granted "
                    "AND l.mode = ANY(%s) AND c.relname = ANY(%s)",
                    [MIGRATE_APP_NAME, list(BLOCKING_MODES), list(BIG_TABLES)]).fetchall()
                for relation, mode in rows:
                    self.held[relation, mode] += now - last
                waiting = connection.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0]
                self.blocked_max = max(self.blocked_max, waiting)
                last = now


class Traffic:
    """The old release's users, working without pause; each request is recorded with the phase it started in."""

    def __init__(self, server: str, accounts: dict):
        self.server, self.accounts = server, accounts
        self.phase = PHASES[0]
        self.stop = threading.Event()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()

    def _timed(self, path: str, request, expected: int) -> None:
        phase, started = self.phase, time.perf_counter()
        try:
            response = request()
            failure = None if response.status_code == expected else f"{path}: HTTP {response.status_code}"
        except Exception as error:  # a refused or dropped connection is what this bench looks for
            failure = f"{path}: {type(error).__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[phase].append(elapsed)
            if failure:
                self.errors[phase].append(failure)

    def _read(self, person: Browser, paths: list[str]) -> None:
        while not self.stop.is_set():
            for path in paths:
                self._timed(path, lambda path=path: person.get(f"{self.server}{path}"), 200)

    def _write(self, person: Browser, case: int) -> None:
        """The borrower logs a new message twice a second: a write to the log and to her case while they migrate."""
        path = f"/cases/{case}/log/new/"
        while not self.stop.wait(0.5):
            entry = {"at": time.strftime("%Y-%m-%dT%H:%M"), "channel": "sms", "from_number": "17012345678",
                     "target": "self", "text": "迁移基准：还钱"}
            self._timed(path, lambda entry=entry: person.post(f"{self.server}{path}", entry), 302)

    def start(self) -> list[threading.Thread]:
        staff = Browser()
        staff.log_in(self.server, self.accounts["staff"])
        staff.verify_second_factor(self.server)
        borrower = Browser()
        borrower.log_in(self.server, self.accounts["borrower"])
        case = self.accounts["case"]
        routes = [(staff, ["/staff/", "/staff/collectors/", "/staff/deadlines/", f"/staff/cases/{case}/", "/staff/?deadline=overdue"]),
                  (borrower, [f"/cases/{case}/", f"/cases/{case}/log/", f"/cases/{case}/letters/"])]
        threads = [threading.Thread(target=self._read, args=route, daemon=True) for route in routes]
        threads.append(threading.Thread(target=self._write, args=(borrower, case), daemon=True))
        for thread in threads:
            thread.start()
        return threads


def summary(values: list[float]) -> tuple[str, str, str]:
    if not values:
        return "—", "—", "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.1f} ms", f"{p95:.1f} ms", f"{ordered[-1]:.1f} ms"


def report(args, old_rev: str, applied: list[str], migrate_seconds: float, monitor: LockMonitor, traffic: Traffic,
           cases: int, load_at_start: float) -> str:
    longest = {table: max((seconds for (relation, _), seconds in monitor.held.items() if relation == table), default=0.0)
               for table in BIG_TABLES}
    errors = sum(len(found) for found in traffic.errors.values())
    worst = max(longest.values())
    met = errors == 0 and worst <= GOAL_LOCK_SECONDS
    lines = [
        START, "## 旧版本运行时迁移数据库（bench/migrate_while_serving.py）", "",
        f"PostgreSQL，员工基准的合成数据（{cases} 个案件）。旧版本（提交 {old_rev[:10]}）的 gunicorn 持续服务"
        "一名工作人员（队列、催收方、期限、案件页、已过期限）和一名求助人（案件主页、骚扰记录、文书列表），不停顿，求助人另外每 0.5 秒添加一条骚扰记录（写入记录表和她的案件）；"
        f"服务 {args.seconds:.0f} 秒后，用本版本运行 `manage.py migrate`（{', '.join(applied) or '无'}），"
        f"迁移完成后旧版本再服务 {args.seconds:.0f} 秒。期间每 20 ms 查看 pg_locks，记录迁移的会话在大表上持有的"
        "阻塞读写的锁。目标：旧版本全程 0 错误，大表上没有超过 1 秒的阻塞锁。", "",
        f"迁移用时 {migrate_seconds:.1f} 秒；期间最多 {monitor.blocked_max} 个锁在等待。", "",
        "| 大表 | 迁移持有阻塞锁的最长时间 |", "|---|---|",
        *[f"| `{table}` | {seconds * 1000:.0f} ms |" for table, seconds in longest.items()], "",
        "| 旧版本的请求 | 次数 | p50 | p95 | 最大 | 错误 |", "|---|---|---|---|---|---|",
        *[f"| {phase} | {len(traffic.times[phase])} | {' | '.join(summary(traffic.times[phase]))} | {len(traffic.errors[phase])} |"
          for phase in PHASES], "",
        f"结论：{'达标' if met else '未达标'}。" + (f" 错误示例：{next(iter(e for found in traffic.errors.values() for e in found))}" if errors else ""),
        f"运行于 {time.strftime('%Y-%m-%d')}，{_bootstrap.machine()}，系统负载（1 分钟平均）"
        f"开始时 {load_at_start:.1f}、结束时 {os.getloadavg()[0]:.1f}。", END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-rev", default="")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    database_url = os.environ["DATABASE_URL"]
    old_rev = git("rev-parse", args.old_rev or default_old_rev())
    old_migrations, new_migrations = migration_files(old_rev), migration_files()
    if not is_earlier_release(old_migrations, new_migrations):
        raise SystemExit(f"{old_rev[:10]}'s migrations are not the first of this release's: nothing to rehearse")
    applied = [name for app, names in new_migrations.items() for name in names if name not in old_migrations.get(app, [])]
    load_at_start = os.getloadavg()[0]
    with psycopg.connect(database_url) as connection:
        cases = connection.execute("SELECT count(*) FROM complaints_case").fetchone()[0]
    with tempfile.TemporaryDirectory(prefix="zhirao-migrate-bench-") as scratch:
        old_root = Path(scratch) / "old"
        git("worktree", "add", "--detach", str(old_root), old_rev)
        try:
            (old_root / ".venv").symlink_to(ROOT / ".venv")
            # Each release reads the law, the directory and the contract from ../shared, next to its checkout.
            (Path(scratch) / "shared").symlink_to(ROOT.parent / "shared")
            env = environment(database_url=database_url, storage_env={}, data_dir=Path(scratch) / "data")
            new = Cluster(env, app_servers=0, workers=0, log_dir=Path(scratch))
            ready_path = "/readyz" if "readyz" in (old_root / "config" / "urls.py").read_text() else "/healthz"
            old = Cluster(env, app_servers=1, workers=0, web_workers=2, log_dir=Path(scratch), root=old_root,
                          ready_path=ready_path)
            for app, names in old_migrations.items():
                print(f"rolling {app} back to {names[-1]} (rehearsal set-up)")
                new.manage("migrate", app, names[-1], "--noinput", "-v", "0", timeout=3600)
            old.manage("compilemessages", "--ignore=.venv", "-v", "0")
            accounts = old.manage_json("shell", "-c", ACCOUNTS)
            old.start().wait_ready()
            traffic = Traffic(old.urls[0], accounts)
            threads = traffic.start()
            time.sleep(args.seconds)
            traffic.phase = PHASES[1]
            monitor = LockMonitor(database_url)
            monitor.start()
            started = time.monotonic()
            print(f"migrating: {', '.join(applied) or 'nothing to apply'}")
            new.manage("migrate", "--noinput", "-v", "0", extra_env={"PGAPPNAME": MIGRATE_APP_NAME}, timeout=3600)
            migrate_seconds = time.monotonic() - started
            monitor.stop.set()
            monitor.join()
            traffic.phase = PHASES[2]
            time.sleep(args.seconds)
            traffic.stop.set()
            for thread in threads:
                thread.join()
            old.stop()
            if any(traffic.errors.values()):
                print(f"the old release's errors, from its log:\n{old.log('app0')[-4000:]}")
        finally:
            git("worktree", "remove", "--force", str(old_root))
    text = report(args, old_rev, applied, migrate_seconds, monitor, traffic, cases, load_at_start)
    print(text)
    if not args.no_write:
        _bootstrap.write_section(text)


if __name__ == "__main__":
    sys.exit(main())
