"""Plan computation speed: `python bench/plan_bench.py [--count N] [--seed S] [--no-write]`.

Builds N varied case files (every lender kind, channel, target and content, numbers on every network,
ports, steps with every result at dates on both sides of the waiting periods), checks each with
guidance.schema, then times guidance.engine.plan on each one. Target: median under 2 ms per plan.
The result replaces its own section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time

import _bootstrap  # bench/ is on sys.path when a script runs

_bootstrap.django_setup()

from guidance import clock, engine, ladder, schema  # noqa: E402

START, END = _bootstrap.markers("plan_bench")
TARGET_MEDIAN_MS = 2.0
PREFIXES = ("138", "139", "150", "188", "130", "156", "186", "133", "189", "199", "192", "170", "171", "165", "162")
# (prefix, fewest and most digits after it): SMS ports and 95xxx service lines as they really come.
PORTS = (("1069", 4, 10), ("10655", 3, 9), ("10657", 3, 9), ("10659", 3, 9), ("95", 3, 4))


def _number(rng: random.Random) -> str:
    if rng.random() < 0.2:
        port, fewest, most = rng.choice(PORTS)
        return port + "".join(rng.choice("0123456789") for _ in range(rng.randint(fewest, most)))
    digits = rng.choice(PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    style = rng.randrange(3)
    return digits if style == 0 else f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}" if style == 1 else f"0086-{digits}"


def _some(rng: random.Random, options, most=None) -> list:
    return rng.sample(list(options), rng.randint(0, most or len(options)))


def case_file(rng: random.Random) -> dict:
    """One random but valid case file."""
    today = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))
    case = {"spec": schema.CASE_SPEC, "today": today.isoformat()}
    if rng.random() < 0.9:
        case["lender"] = {"name": "某某金融", "kind": rng.choice(schema.LENDER_KINDS), "illegal_debt_signs": rng.random() < 0.2}
    numbers = [_number(rng) for _ in range(rng.randint(0, 4))]
    case["collector"] = {"kind": rng.choice(schema.COLLECTOR_KINDS), "numbers": numbers}
    case["safety"] = {"in_danger_now": rng.random() < 0.05}
    case["harassment"] = {
        "channels": _some(rng, schema.CHANNELS, 3),
        "targets": _some(rng, schema.TARGETS, 3),
        "content": _some(rng, schema.CONTENTS, 3),
        "night_contact": rng.random() < 0.5,
        "max_per_day": rng.randint(1, 200),
        "first_seen": (today - dt.timedelta(days=rng.randint(20, 400))).isoformat(),
    }
    steps = []
    for action in rng.sample(list(schema.ACTIONS), rng.randint(0, 6)):
        step = {"action": action, "on": (today - dt.timedelta(days=rng.randint(0, 30))).isoformat()}
        if rng.random() < 0.85:
            step["result"] = rng.choice(schema.STEP_RESULTS)
        steps.append(step)
    case["steps_taken"] = steps
    case["wants"] = _some(rng, schema.WANTS, 3)
    if numbers and rng.random() < 0.3:
        case["log"] = [{"at": f"{(today - dt.timedelta(days=1)).isoformat()}T22:{minute:02d}:00+08:00", "channel": "sms",
                        "from_number": rng.choice(numbers), "target": "self", "text": "还钱"} for minute in range(rng.randint(1, 5))]
    return case


def run(count: int, seed: int) -> dict:
    rng = random.Random(seed)
    cases = [schema.parse_case_file(case_file(rng)) for _ in range(count)]
    loaded = ladder.load()
    engine.plan(cases[0], ladder=loaded)  # first call outside the timing: nothing lazy is measured
    timings = []
    statuses: dict[str, int] = {}
    for case in cases:
        started = time.perf_counter_ns()
        plan = engine.plan(case, ladder=loaded)
        timings.append((time.perf_counter_ns() - started) / 1e6)
        for entry in plan["actions"]:
            statuses[entry["status"]] = statuses.get(entry["status"], 0) + 1
    timings.sort()
    return {
        "count": count,
        "seed": seed,
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "max": timings[-1],
        "statuses": dict(sorted(statuses.items())),
    }


def section(result: dict) -> str:
    verdict = "达标" if result["median"] < TARGET_MEDIAN_MS else "未达标"
    statuses = "、".join(f"{status} {number}" for status, number in result["statuses"].items())
    return "\n".join([
        START,
        "## 行动计划计算（bench/plan_bench.py）",
        "",
        f"{result['count']} 份不同的案件文件（随机种子 {result['seed']}），逐份计时 `guidance.engine.plan`。"
        f"目标：中位数低于 {TARGET_MEDIAN_MS} ms。",
        "",
        "| 中位数 | p95 | 最大 | 结论 |",
        "|---|---|---|---|",
        f"| {result['median']:.3f} ms | {result['p95']:.3f} ms | {result['max']:.3f} ms | {verdict} |",
        "",
        f"各状态出现次数：{statuses}。",
        f"运行于 {clock.today().isoformat()}，{_bootstrap.machine()}，运行时系统负载 {os.getloadavg()[0]:.1f}（机器同时在跑别的任务时，p95 和最大值会明显变大）。",
        END,
    ])


# Replaces this benchmark's section of docs/benchmarks.md (a path for tests), keeping every other section.
write_report = _bootstrap.write_section


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    result = run(args.count, args.seed)
    text = section(result)
    print(text)
    if not args.no_write:
        write_report(text)
    return 0 if result["median"] < TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    sys.exit(main())
