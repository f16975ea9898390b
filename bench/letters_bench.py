"""Letter rendering speed and size: `python bench/letters_bench.py [--count N] [--no-write]`.

Renders a batch of N letters (default 50) of every kind from varied case files, the way the web app and
render_letter do (compose -> HTML -> PDF through complaints.pdf), after one warm-up letter. Targets: warm
median per 2-page letter <= 0.5 s, every PDF <= 200 KB, the whole batch of 50 in one process.
The result replaces its own section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import statistics
import sys
import time

import _bootstrap  # bench/ is on sys.path when a script runs
import pypdf

_bootstrap.django_setup()

from complaints.letters.compose import compose, render_html  # noqa: E402
from complaints.letters.output import letter_pdf  # noqa: E402
from complaints.letters.registry import KIND_ORDER  # noqa: E402
from complaints.management.letter_samples import COMPLETE_INPUTS, TODAY, load_case, target_for  # noqa: E402
from guidance import clock  # noqa: E402

START, END = _bootstrap.markers("letters_bench")
TARGET_SECONDS = 0.5
TARGET_BYTES = 200 * 1024
SURNAMES = "张王李赵刘陈杨黄周吴"


def varied_case(index: int) -> dict:
    """The fixture case with another borrower name and a longer or shorter log, so no two letters are alike."""
    case = copy.deepcopy(load_case())
    case["borrower"]["name"] = SURNAMES[index % len(SURNAMES)] + "某" + "一二三四五六七八九十"[index % 10]
    case["log"] = case["log"][: 2 + index % (len(case["log"]) - 1)]
    return case


def run(count: int) -> dict:
    load = os.getloadavg()[0]
    jobs = [(varied_case(index), KIND_ORDER[index % len(KIND_ORDER)]) for index in range(count)]
    warm_case, warm_kind = jobs[0]
    letter_pdf(render_html(compose(warm_case, warm_kind, today=TODAY, target=target_for(warm_kind),
                                   inputs=COMPLETE_INPUTS.get(warm_kind, {}))))
    rows = []
    batch_started = time.perf_counter()
    for case, kind in jobs:
        started, cpu_started = time.perf_counter(), time.process_time()
        draft = compose(case, kind, today=TODAY, target=target_for(kind), inputs=COMPLETE_INPUTS.get(kind, {}))
        pdf = letter_pdf(render_html(draft))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        rows.append({"kind": kind, "seconds": seconds, "cpu": cpu, "bytes": len(pdf), "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages)})
    batch_seconds = time.perf_counter() - batch_started
    per_two_pages = [row["seconds"] * 2 / row["pages"] for row in rows]
    two_page = [row["seconds"] for row in rows if row["pages"] <= 2]
    return {
        "count": count,
        "load": load,
        "batch_seconds": batch_seconds,
        "median": statistics.median(row["seconds"] for row in rows),
        "median_two_page": statistics.median(two_page) if two_page else None,
        "median_per_two_pages": statistics.median(per_two_pages),
        # CPU time of this process: what the letter costs when it does not wait for other processes' turns.
        "cpu_per_two_pages": statistics.median(row["cpu"] * 2 / row["pages"] for row in rows),
        "max_bytes": max(row["bytes"] for row in rows),
        "median_bytes": statistics.median(row["bytes"] for row in rows),
        "pages": sorted({row["pages"] for row in rows}),
    }


def verdicts(result: dict) -> tuple[bool, bool]:
    speed = result["median_per_two_pages"] <= TARGET_SECONDS
    size = result["max_bytes"] <= TARGET_BYTES
    return speed, size


def section(result: dict) -> str:
    speed, size = verdicts(result)
    two_page = f"{result['median_two_page']:.3f} s" if result["median_two_page"] is not None else "—"
    return "\n".join([
        START,
        "## 文书生成（bench/letters_bench.py）",
        "",
        f"一批 {result['count']} 封文书（十种文书轮流，案件文件各不相同），预热一封后逐封计时：拼装文书、生成 HTML、"
        f"经 complaints.pdf 生成 PDF。目标：每 2 页文书的中位耗时不超过 {TARGET_SECONDS} s，每个 PDF 不超过 200 KB。",
        "",
        "| 每封中位耗时 | 2 页文书中位耗时 | 折合每 2 页中位耗时 | 折合每 2 页 CPU 时间 | 整批耗时 | PDF 中位大小 | PDF 最大 | 页数 | 速度 | 大小 |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {result['median']:.3f} s | {two_page} | {result['median_per_two_pages']:.3f} s | {result['cpu_per_two_pages']:.3f} s "
        f"| {result['batch_seconds']:.1f} s "
        f"| {result['median_bytes'] / 1024:.0f} KB | {result['max_bytes'] / 1024:.0f} KB | {'、'.join(map(str, result['pages']))} "
        f"| {'达标' if speed else '未达标'} | {'达标' if size else '未达标'} |",
        "",
        f"运行于 {clock.today().isoformat()}，{_bootstrap.machine()}，"
        f"开始时系统负载（1 分钟平均）{result['load']:.1f}：负载高于核数时耗时会成倍增加，"
        "“速度”按实际耗时判定，CPU 时间一栏是同一批文书本身的计算量。",
        END,
    ])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    result = run(args.count)
    text = section(result)
    print(text)
    if not args.no_write:
        _bootstrap.write_section(text)
    return 0 if all(verdicts(result)) else 1


if __name__ == "__main__":
    sys.exit(main())
