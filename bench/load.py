"""Load on one machine, as production runs: `python bench/load.py [--borrowers 50] [--staff 2] [--seconds 60]
[--think 1.0] [--workers N] [--storage local,s3] [--no-write]`.

Starts what docs/DEPLOY.md describes for one machine (gunicorn with config/gunicorn.conf.py, its default worker
count unless --workers says otherwise, one `db_worker`) over a fresh PostgreSQL database (on the server of DATABASE_URL, default 127.0.0.1:5432;
dropped afterwards), with the files on local disk (`ZHIRAO_STORAGE=local`, the one-machine shape) and then in an
S3-compatible server (moto, in its own process on the same cores, as a stand-in for the object storage of the
scale-out shape), all on loopback; --storage picks one or both. Then, for --seconds,
borrowers answer the guide's questions (as htmx does: one POST per screen of questions), read their plan and their case, and
upload a photo, and clinic staff work the queue (queue, case page, evidence list, a download checked against its
hash), each person pausing about --think seconds between steps. It stops by itself, then checks every upload the
server accepted is in the database and in the storage with its hash ("lost uploads", must be 0).

Reports throughput, p50/p95 per step, errors, lost uploads, the app's CPU per request (from its JSON request
log: thread CPU time inside Django) and the CPU each side used over the measured period (the app server's processes,
the S3 server if any, and this script itself: on a 2-core machine the simulated people's own CPU competes with the server's,
so it is shown). Logins are let through a few at a time (as many as the machine has cores): a password hash costs
~0.3 s of CPU on purpose, and 50 at once would only measure a queue. Goal: p95 ≤ 50 ms per step for 50 borrowers with a second's thought, 0 errors,
0 lost uploads. The result replaces its own section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import _bootstrap  # bench/ is on sys.path when a script runs

_bootstrap.django_setup()

import psycopg  # noqa: E402
from PIL import Image  # noqa: E402

from bench.cluster import Browser, Cluster, Database, S3Server, environment, is_postgres  # noqa: E402
from bench.guide_answers import screens  # noqa: E402
from guidance import tree as trees  # noqa: E402

GOAL_P95_MS = 50.0
# Logging in hashes the password on purpose slowly (PBKDF2): timed and shown (everyone logs in before the measured
# period starts, a few at a time: LOGINS_AT_ONCE), but not a step the goal is about.
LOG_IN = "登录（不计入目标）"
LOGINS_AT_ONCE = threading.BoundedSemaphore(os.cpu_count() or 1)
TREE = trees.load()


class Recorder:
    """Every timed step's latency and every error, from all the simulated people's threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.uploads: list[str] = []  # SHA-256 of each upload the server accepted

    def timed(self, step: str, call, expected: tuple[int, ...]):
        started = time.perf_counter()
        try:
            response = call()
        except Exception:  # a refused connection or a timeout is an error of that step, like a 500
            with self.lock:
                self.errors[step] += 1
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies[step].append(elapsed)
            if response.status_code not in expected:
                self.errors[step] += 1
                return None
        return response


def _photo(rng: random.Random) -> bytes:
    """A different 160×160 photo each time (noise), so no upload is recognised as a copy of an earlier one."""
    image = Image.frombytes("RGB", (160, 160), rng.randbytes(160 * 160 * 3))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


class Clock:
    """Everyone logs in first; the measured period starts when the last one has (a barrier), so the burst of
    password hashing at the start is not what the steps measure."""

    def __init__(self, people: int, seconds: float):
        self.seconds, self.started, self.stop = seconds, 0.0, 0.0
        self.barrier = threading.Barrier(people + 1, action=self._start)

    def _start(self) -> None:
        self.started = time.monotonic()
        self.stop = self.started + self.seconds


def borrower(server: str, username: str, case_id: int, recorder: Recorder, clock: Clock, think: float, seed: int) -> None:
    rng = random.Random(seed)
    person = Browser()
    routes = trees.paths(TREE)
    htmx = {"HX-Request": "true"}
    person.get(f"{server}/accounts/login/")
    with LOGINS_AT_ONCE:
        logged_in = recorder.timed(LOG_IN, lambda: person.post(
            f"{server}/accounts/login/", {"username": username, "password": "correct-horse-battery-staple"}), (302,))
    clock.barrier.wait()
    if logged_in is None:
        return
    stop = clock.stop
    time.sleep(rng.uniform(0, think))  # arrivals spread over the first pause
    today = dt.date.today()
    while time.monotonic() < stop:
        route = rng.choice(routes)
        # Starting again is a form post (the guide's "重新开始"), which empties the kept answers.
        if recorder.timed("重新开始指引", lambda: person.post(f"{server}/guide/restart/"), (302,)) is None:
            return
        for node_id, data in screens(TREE, route, today, rng):
            time.sleep(think * rng.uniform(0.5, 1.5))
            if recorder.timed("回答一屏问题", lambda node_id=node_id, data=data: person.post(
                    f"{server}/guide/q/{node_id}/", data, headers=htmx), (200,)) is None:
                break
            if time.monotonic() >= stop:
                return
        time.sleep(think * rng.uniform(0.5, 1.5))
        recorder.timed("行动计划", lambda: person.get(f"{server}/guide/plan/"), (200,))
        time.sleep(think * rng.uniform(0.5, 1.5))
        recorder.timed("案件主页", lambda: person.get(f"{server}/cases/{case_id}/"), (200,))
        time.sleep(think * rng.uniform(0.5, 1.5))
        photo = _photo(rng)
        accepted = recorder.timed("上传证据照片", lambda photo=photo: person.post(
            f"{server}/cases/{case_id}/evidence/upload/", files={"files": ("截图.jpg", photo, "image/jpeg")}), (302,))
        if accepted is not None:
            with recorder.lock:
                recorder.uploads.append(hashlib.sha256(photo).hexdigest())


def staff_member(server: str, username: str, case_ids: list[int], recorder: Recorder, clock: Clock, think: float, seed: int) -> None:
    rng = random.Random(seed)
    person = Browser()
    with LOGINS_AT_ONCE:
        person.log_in(server, username)
    person.verify_second_factor(server)
    clock.barrier.wait()
    stop = clock.stop
    while time.monotonic() < stop:
        time.sleep(think * rng.uniform(0.5, 1.5))
        recorder.timed("分诊队列", lambda: person.get(f"{server}/staff/"), (200,))
        case_id = rng.choice(case_ids)
        time.sleep(think * rng.uniform(0.5, 1.5))
        recorder.timed("工作人员案件页", lambda case_id=case_id: person.get(f"{server}/staff/cases/{case_id}/"), (200,))
        time.sleep(think * rng.uniform(0.5, 1.5))
        listing = recorder.timed("证据列表", lambda case_id=case_id: person.get(f"{server}/cases/{case_id}/evidence/"), (200,))
        links = re.findall(rf'href="(/cases/{case_id}/evidence/\d+/download/)"', listing.text) if listing is not None else []
        if links:
            link = rng.choice(links)
            time.sleep(think * rng.uniform(0.5, 1.5))
            download = recorder.timed("下载证据", lambda link=link: person.get(f"{server}{link}"), (200,))
            if download is not None and hashlib.sha256(download.content).hexdigest() != download.headers["X-Evidence-SHA256"]:
                with recorder.lock:
                    recorder.errors["下载证据"] += 1


class LocalFiles:
    """The one-machine shape's storage: a folder on local disk (ZHIRAO_STORAGE=local)."""

    pid = None  # no process of its own

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def environment(self) -> dict[str, str]:
        return {"ZHIRAO_STORAGE": "local"}

    def read(self, storage_name: str) -> bytes | None:
        path = self.data_dir / "media" / storage_name
        return path.read_bytes() if path.exists() else None

    def stop(self) -> None:
        pass


class S3Files:
    """The scale-out shape's storage: a private bucket in an S3-compatible server (moto, in its own process)."""

    def __init__(self):
        self.server = S3Server(own_process=True).start()
        self.bucket, self.pid, self.client = self.server.new_bucket(), self.server.pid, self.server.client()

    def environment(self) -> dict[str, str]:
        return self.server.environment(self.bucket)

    def read(self, storage_name: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=storage_name)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def stop(self) -> None:
        self.server.stop()


STORAGE_TITLES = {"local": "文件存在本机磁盘（ZHIRAO_STORAGE=local，单机部署的方式）",
                  "s3": "文件存在 S3 兼容存储（moto，独立进程，和应用争用同样的 2 个核心；扩展部署时对象存储在别的机器上）"}


def lost_uploads(database_url: str, files, accepted: list[str]) -> int:
    """Uploads the server said it kept that are not in the database, or not in the storage with the same bytes."""
    with psycopg.connect(database_url) as connection:
        stored = dict(connection.execute("SELECT sha256, storage_name FROM complaints_evidence").fetchall())
    lost = 0
    for sha256 in accepted:
        body = files.read(stored[sha256]) if sha256 in stored else None
        lost += body is None or hashlib.sha256(body).hexdigest() != sha256
    return lost


# Requests that are not the steady work of people using the site: logging in (slow by design), health checks.
NOT_STEADY = ("POST /accounts/login/", "GET /accounts/login/", "POST /accounts/two-step/", "GET /readyz")


def cpu_per_request(log: str) -> tuple[dict[str, float], float]:
    """Median thread CPU (ms) of the app's requests by URL pattern, from its JSON request lines; and the mean over
    every request of the steady work (what sizing divides a core's second by)."""
    by_route: dict[str, list[float]] = defaultdict(list)
    for line in log.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("event") == "request":
                by_route[f"{record['method']} {record['route']}"].append(record["cpu_ms"])
    steady = [value for route, values in by_route.items() if route not in NOT_STEADY for value in values]
    return {route: statistics.median(values) for route, values in by_route.items()}, statistics.mean(steady)


def session_cpu_seconds(leader: int) -> float:
    """CPU (user + system) used so far by the live processes of the session `leader` started: a server and the
    workers it forked (bench/cluster.py starts each process in a session of its own)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[3]) == leader:  # the session id (field 6 of proc(5))
            ticks += int(fields[11]) + int(fields[12])  # utime and stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds each side used between start() and stop(): the app server (its master and workers), the S3
    server when there is one, and this script (the simulated people)."""

    def __init__(self, app_server: int, s3_server: int | None):
        self.leaders = {"app": app_server, **({"s3": s3_server} if s3_server else {})}
        self.used: dict[str, float] = {}

    def _now(self) -> dict[str, float]:
        return {**{side: session_cpu_seconds(leader) for side, leader in self.leaders.items()}, "generator": time.process_time()}

    def start(self) -> None:
        self.used = self._now()

    def stop(self) -> None:
        self.used = {side: value - self.used[side] for side, value in self._now().items()}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclasses.dataclass
class Run:
    """One storage shape's measured period."""

    storage: str
    recorder: Recorder
    lost: int
    seconds: float
    cpu: dict[str, float]  # median thread CPU (ms) by request
    mean_cpu: float  # over the steady requests
    used: dict[str, float]  # CPU seconds each side used
    load_at_start: float
    load_at_end: float

    @property
    def total(self) -> int:
        return sum(len(values) for step, values in self.recorder.latencies.items() if step != LOG_IN)

    @property
    def worst_p95(self) -> float:
        return max(percentile(values, 0.95) for step, values in self.recorder.latencies.items() if step != LOG_IN)

    @property
    def errors(self) -> int:
        return sum(self.recorder.errors.values())

    @property
    def met(self) -> bool:
        return self.worst_p95 <= GOAL_P95_MS and self.errors == 0 and self.lost == 0


def _run_section(args, run: Run) -> list[str]:
    total = run.total
    per_borrower = total / max(1, args.borrowers + args.staff) / run.seconds
    per_core = 0.7 * 1000 / run.mean_cpu  # requests a core serves per second at 70 % busy
    rows = [f"| {step} | {len(values)} | {statistics.median(values):.1f} ms | {percentile(values, 0.95):.1f} ms | "
            f"{run.recorder.errors.get(step, 0)} |" for step, values in run.recorder.latencies.items()]
    cpu_rows = [f"| `{route}` | {value:.1f} ms |" for route, value in sorted(run.cpu.items(), key=lambda item: -item[1])]
    used, s3 = run.used, (f"S3 服务器 {run.used['s3']:.1f} 秒；" if "s3" in run.used else "")
    return [
        f"### {STORAGE_TITLES[run.storage]}",
        "",
        "| 步骤 | 次数 | p50 | p95 | 错误 |",
        "|---|---|---|---|---|",
        *rows,
        "",
        f"吞吐量 {total / run.seconds:.1f} 请求/秒（{run.seconds:.0f} 秒内共 {total} 个计时请求）；错误 {run.errors}；服务器确认保存的上传 "
        f"{len(run.recorder.uploads)} 个，丢失 {run.lost} 个（数据库和存储里逐个核对哈希）。"
        f"{'达标' if run.met else '未达标'}（最慢一步 p95 {run.worst_p95:.1f} ms）。",
        "",
        "每个请求在 Django 里用的 CPU（中位数，线程 CPU 时间，取自应用的 JSON 请求日志）：",
        "",
        "| 请求 | CPU |",
        "|---|---|",
        *cpu_rows,
        "",
        f"计时期间各方用掉的 CPU：应用服务器（gunicorn 主进程和 worker）{used['app']:.1f} 秒，即每个计时请求 "
        f"{used['app'] * 1000 / max(1, total):.1f} ms（含 gunicorn 自己解析 HTTP 和写日志）；{s3}"
        f"模拟用户的本脚本 {used['generator']:.1f} 秒（每个请求 {used['generator'] * 1000 / max(1, total):.1f} ms，"
        f"占 {used['generator'] / run.seconds * 100:.0f}% 个核心，和服务器争用同一台机器的 {os.cpu_count()} 个核心）；PostgreSQL 未计。",
        "",
        f"容量估算：日常请求平均 {run.mean_cpu:.1f} ms CPU，一个核心忙到 70% 时约 {per_core:.0f} 请求/秒；本次每人每秒约 "
        f"{per_borrower:.2f} 个请求，所以一个核心约可服务 {per_core / per_borrower:.0f} 个同时在用的人"
        "（只算应用进程的 CPU；数据库、存储和 nginx 另算，见 docs/DEPLOY.md 的“Sizing”）。",
        "",
        f"系统负载（1 分钟平均）开始时 {run.load_at_start:.1f}、结束时 {run.load_at_end:.1f}"
        "（结束时的数字包括本基准自己的服务器、数据库和模拟用户）。",
        "",
    ]


def report(args, runs: list[Run], workers: str) -> str:
    start, end = _bootstrap.markers("load")
    verdicts = "；".join(f"{STORAGE_TITLES[run.storage].split('（')[0]}：{'达标' if run.met else '未达标'}"
                         f"（最慢一步 p95 {run.worst_p95:.1f} ms）" for run in runs)
    return "\n".join([
        start,
        "## 负载：求助人和工作人员同时使用（bench/load.py）",
        "",
        f"按 docs/DEPLOY.md 的单机部署：gunicorn（config/gunicorn.conf.py，{workers} 个 worker，preload）+ 1 个 db_worker，"
        f"PostgreSQL，全部在本机回环地址上；文件先存本机磁盘（单机部署），再存 S3 兼容存储，各测一次。{args.borrowers} 个求助人"
        f"（逐屏回答指引的问题、看行动计划和案件主页、上传一张照片）和 {args.staff} 名工作人员（分诊队列、案件页、证据列表、"
        f"下载并核对哈希）同时操作 {args.seconds:g} 秒（所有人先登录，登录完才开始计时），每一步之间平均思考 {args.think:g} 秒。"
        f"目标：每一步 p95 ≤ {GOAL_P95_MS:.0f} ms，0 错误，0 丢失上传。",
        "",
        *(line for run in runs for line in _run_section(args, run)),
        f"结论：{verdicts}。",
        "",
        f"运行于 {dt.date.today().isoformat()}，{_bootstrap.machine()}（这台机器由多个任务共用，负载高时延迟会明显变大）。",
        end,
    ])


def measure(args, storage: str, server_url: str) -> Run:
    """One measured period with the files in `storage` ("local" or "s3"), everything started and stopped here."""
    load_at_start = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="zhirao-load-"))
    files = LocalFiles(work / "data") if storage == "local" else S3Files()
    database = Database(server_url).create()
    cluster = Cluster(environment(database_url=database.url, storage_env=files.environment(), data_dir=work / "data"),
                      app_servers=1, workers=1, web_workers=args.workers, log_dir=work, worker_poll=())
    try:
        cluster.migrate().start()
        cases = cluster.seed(staff=args.staff, borrowers=args.borrowers, with_cases=True)
        cluster.wait_ready()
        server = cluster.urls[0]
        recorder = Recorder()
        clock = Clock(args.borrowers + args.staff, args.seconds)
        people = [threading.Thread(target=borrower, args=(server, username, case_id, recorder, clock, args.think, number))
                  for number, (username, case_id) in enumerate(cases.items())]
        people += [threading.Thread(target=staff_member, args=(server, f"staff{number}", list(cases.values()), recorder, clock,
                                                               args.think, 10_000 + number)) for number in range(args.staff)]
        meter = CpuMeter(cluster.processes[0].pid, files.pid)
        for person in people:
            person.start()
        clock.barrier.wait()
        meter.start()
        for person in people:
            person.join()
        seconds = time.monotonic() - clock.started
        meter.stop()
        load_at_end = os.getloadavg()[0]
        lost = lost_uploads(database.url, files, recorder.uploads)
        cpu, mean_cpu = cpu_per_request(cluster.log("app0"))
    finally:
        cluster.stop()
        database.drop()
        files.stop()
    return Run(storage, recorder, lost, seconds, cpu, mean_cpu, meter.used, load_at_start, load_at_end)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--borrowers", type=int, default=50)
    parser.add_argument("--staff", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=0,
                        help="gunicorn workers (ZHIRAO_WEB_WORKERS); 0: config/gunicorn.conf.py's default, 1 per core + 1")
    parser.add_argument("--storage", default="local,s3", help="where the files go, one or both in turn: local, s3")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing docs/benchmarks.md")
    args = parser.parse_args()
    storages = [name.strip() for name in args.storage.split(",") if name.strip()]
    if not storages or set(storages) - set(STORAGE_TITLES):
        raise SystemExit(f"--storage takes {', '.join(STORAGE_TITLES)} (one, or both separated by a comma)")
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not is_postgres(server_url):
        raise SystemExit("bench/load.py needs PostgreSQL (DATABASE_URL=postgres://…), as production")
    runs = [measure(args, storage, server_url) for storage in storages]
    text = report(args, runs, str(args.workers or (os.cpu_count() or 1) + 1))
    print(text)
    if not args.no_write:
        _bootstrap.write_section(text)


if __name__ == "__main__":
    main()
