"""CPU per guide request: `python bench/guide_cpu.py [--walks 200] [--profile] [--no-write]`.

Anonymous borrowers walk the guide as htmx does (one POST per screen of questions, the first screen after a restart)
and open their plan, every route of the question tree in turn. Each request goes through the app's WSGI entry point
in this process, as gunicorn hands it over (the whole middleware stack, the answers in the guide's sealed cookie, the
request log written as JSON), over a fresh database: PostgreSQL when DATABASE_URL names one (a database of its own, dropped
afterwards), else SQLite in a temporary folder. The thread CPU time of each call is what is measured: the machine's
load from other work changes it less than wall time, though a busy shared machine still adds to it (the report gives
the load). Goal (issue 16): at most 2.5 ms of CPU per guide request. `--profile` prints where the time goes (cProfile
over the same walks) instead of the report. The result replaces its own section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import logging
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import _bootstrap  # bench/ is on sys.path when a script runs

GOAL_MS = 2.5
ANSWER, PLAN, RESTART = "POST /guide/q/<node_id>/", "GET /guide/plan/", "POST /guide/restart/"


class Visitor:
    """One phone's cookies, its requests handed to the WSGI application as gunicorn would."""

    def __init__(self, application):
        self.application, self.cookies = application, {}

    def call(self, method: str, path: str, data: dict | None = None, *, htmx: bool = False) -> tuple[int, float]:
        """(status, thread CPU seconds) of one request."""
        if method == "POST":
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        body = urlencode(data or {}, doseq=True).encode()
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
            "HTTP_COOKIE": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http", "wsgi.version": (1, 0),
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        if htmx:
            environ["HTTP_HX_REQUEST"] = "true"
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), headers

        started = time.thread_time()
        result = self.application(environ, start_response)
        b"".join(result)
        result.close()
        cpu = time.thread_time() - started
        for name, value in answer["headers"]:
            if name.lower() == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        return answer["status"], cpu


def walk_all(application, walks: int, profiler: cProfile.Profile | None = None) -> dict[str, list[float]]:
    """CPU seconds of each guide request over `walks` walks from a restart to the plan, route after route."""
    from bench.guide_answers import screens
    from guidance import tree as trees

    tree = trees.load()
    routes, today, rng = trees.paths(tree), dt.date.today(), random.Random(20261206)
    cpu: dict[str, list[float]] = {ANSWER: [], PLAN: [], RESTART: []}
    visitor = Visitor(application)
    visitor.call("GET", "/guide/")  # the CSRF cookie, as the start page gives it

    def timed(step, method, path, data=None, *, htmx=False, expected=200):
        if profiler:
            profiler.enable()
        status, used = visitor.call(method, path, data, htmx=htmx)
        if profiler:
            profiler.disable()
        if status != expected:
            raise SystemExit(f"{method} {path} answered {status}, not {expected}")
        cpu[step].append(used)

    for number in range(walks):
        route = routes[number % len(routes)]
        timed(RESTART, "POST", "/guide/restart/", expected=302)
        for node_id, data in screens(tree, route, today, rng):
            timed(ANSWER, "POST", f"/guide/q/{node_id}/", data, htmx=True)
        timed(PLAN, "GET", "/guide/plan/")
    return cpu


def _ms(values: list[float], share: float | None = None) -> float:
    if share is None:
        return statistics.median(values) * 1000
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report(cpu: dict[str, list[float]], *, walks: int, database: str, load_at_start: float) -> str:
    every = [value for values in cpu.values() for value in values]
    mean = statistics.mean(every) * 1000
    start, end = _bootstrap.markers("guide_cpu")
    rows = [f"| `{step}` | {len(values)} | {_ms(values):.2f} ms | {_ms(values, 0.95):.2f} ms | {statistics.mean(values) * 1000:.2f} ms |"
            for step, values in cpu.items()]
    met = mean <= GOAL_MS and all(_ms(values) <= GOAL_MS for values in cpu.values())
    return "\n".join([
        start,
        "## 指引每个请求的 CPU（bench/guide_cpu.py）",
        "",
        f"{walks} 次匿名走完指引（每次先重新开始，逐屏以 htmx 方式提交回答，最后打开行动计划；依次走遍问题树的每条路线），"
        f"每个请求经应用的 WSGI 入口在本进程内处理（完整的中间件、加密 Cookie 里的回答、{database} 数据库、JSON 请求日志），计每个请求的线程 CPU 时间。"
        f"目标：每个指引请求 ≤ {GOAL_MS} ms CPU。",
        "",
        "| 请求 | 次数 | 中位数 | p95 | 平均 |",
        "|---|---|---|---|---|",
        *rows,
        "",
        f"所有指引请求平均 {mean:.2f} ms。结论：{'达标' if met else '未达标'}（看每种请求的中位数和全部请求的平均）。",
        "",
        f"运行于 {time.strftime('%Y-%m-%d')}，{_bootstrap.machine()}。系统负载（1 分钟平均）开始时 {load_at_start:.1f}、"
        f"结束时 {os.getloadavg()[0]:.1f}（这台机器由多个任务共用；负载高时 CPU 时间也会变大）。",
        end,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--walks", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions instead of the report")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing docs/benchmarks.md")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    # Production's settings for what a request does: JSON request log, no debug; a throwaway database and data folder.
    os.environ.update({"ZHIRAO_LOG_FORMAT": "json", "DJANGO_DEBUG": "false",
                       "ZHIRAO_DATA_DIR": tempfile.mkdtemp(prefix="zhirao-guide-cpu-")})
    from bench.cluster import Database, is_postgres

    database = Database(os.environ["DATABASE_URL"]).create() if is_postgres(os.environ.get("DATABASE_URL", "")) else None
    if database:
        os.environ["DATABASE_URL"] = database.url
    try:
        _bootstrap.django_setup()
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application

        from complaints.warm import warm

        call_command("migrate", verbosity=0)
        warm()  # as gunicorn's preload does: nothing is loaded on a first request
        gc.freeze()  # as config/gunicorn.conf.py's pre_fork does before each worker starts
        application = get_wsgi_application()
        with open(os.devnull, "w") as nowhere:
            for handler in logging.getLogger("zhirao").handlers:
                handler.setStream(nowhere)  # each line formatted and written as in production, to nowhere
            walk_all(application, 20)  # the first walks outside the timing: connection, caches
            if args.profile:
                profiler = cProfile.Profile(time.thread_time)
                walk_all(application, args.walks, profiler)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
                return
            cpu = walk_all(application, args.walks)
    finally:
        if database:
            from django.db import connections

            connections.close_all()
            database.drop()
    text = report(cpu, walks=args.walks, database="PostgreSQL" if database else "SQLite", load_at_start=load_at_start)
    print(text)
    if not args.no_write:
        _bootstrap.write_section(text)


if __name__ == "__main__":
    main()
