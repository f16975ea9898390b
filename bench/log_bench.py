"""Phone numbers, SMS import and log analysis: `python bench/log_bench.py [--messages N] [--seed S] [--no-write]`.

1. phone_info on 20000 different numbers of every kind, cache cleared first. Target: median under 0.5 ms.
2. An "SMS Backup & Restore" XML of N received messages (default 20000, about the size of a year of a busy phone),
   parsed by complaints.sms_import. Targets: under 10 s and under 300 MB peak traced memory.
3. analyse_log and harassment_chart_svg on those N messages. Target: under 2 s together.
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
import tracemalloc
from xml.sax.saxutils import quoteattr

import _bootstrap  # bench/ is on sys.path when a script runs

_bootstrap.django_setup()

from complaints.sms_import import parse_sms_export  # noqa: E402
from guidance import clock, phones  # noqa: E402
from guidance.analysis import analyse_log, harassment_chart_svg  # noqa: E402

START, END = _bootstrap.markers("log_bench")
TARGET_PHONE_MEDIAN_MS = 0.5
TARGET_PARSE_S = 10.0
TARGET_PARSE_MB = 300
TARGET_ANALYSIS_S = 2.0
TEMPLATES = (
    "{d}{mobile}",
    "+86 {mobile3} {mobile4} {mobile4b}",
    "0086-{mobile}",
    "１３８{full}",
    "1069{port}",
    "10658{port}",
    "95{short3}",
    "400-{short3}-{short4}",
    "0755 {short4} {short4b}",
    "010-{short4}{short4b}",
    "+852 9{short3} {short4}",
    "12{short3}",
    "1380013",
    "not a number",
)
MOBILE_PREFIXES = ("138", "139", "150", "188", "130", "156", "186", "133", "189", "199", "192", "170", "171", "165", "162", "167")


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _number(rng: random.Random) -> str:
    mobile = rng.choice(MOBILE_PREFIXES) + _digits(rng, 8)
    return rng.choice(TEMPLATES).format(
        d="",
        mobile=mobile,
        mobile3=mobile[:3],
        mobile4=mobile[3:7],
        mobile4b=mobile[7:],
        full="".join(chr(ord("０") + int(c)) for c in _digits(rng, 8)),
        port=_digits(rng, rng.randint(4, 10)),
        short3=_digits(rng, 3),
        short4=str(rng.randint(2000, 9999)),
        short4b=_digits(rng, 4),
    )


def bench_phone_info(rng: random.Random, count: int = 20000) -> dict:
    numbers = list(dict.fromkeys(_number(rng) for _ in range(count)))
    phones.phone_info.cache_clear()
    phones._classified.cache_clear()  # each number classified from scratch, as the first time it is typed
    timings, kinds = [], {}
    for number in numbers:
        started = time.perf_counter()
        info = phones.phone_info(number)
        timings.append((time.perf_counter() - started) * 1000)
        kinds[info.kind] = kinds.get(info.kind, 0) + 1
    timings.sort()
    return {
        "count": len(numbers),
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95)],
        "max": timings[-1],
        "kinds": kinds,
    }


def sms_backup_xml(rng: random.Random, count: int) -> bytes:
    start = dt.datetime(2026, 1, 1, tzinfo=clock.SHANGHAI)
    senders = [rng.choice(MOBILE_PREFIXES) + _digits(rng, 8) for _ in range(40)] + ["1069" + _digits(rng, 8) for _ in range(10)]
    lines = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>", f'<smses count="{count}" type="full">']
    for index in range(count):
        moment = start + dt.timedelta(seconds=rng.randint(0, 365 * 86400))
        body = f"第{index}条：你的借款已逾期，再不还款就通知你的家人和单位！速回电 &#55357;&#56864;"
        lines.append(
            f'  <sms protocol="0" address="{rng.choice(senders)}" date="{int(moment.timestamp() * 1000)}" type="{rng.choice("1111112")}"'
            f' subject="null" body={quoteattr(body).replace("&amp;#", "&#")} toa="null" sc_toa="null" service_center="null"'
            f' read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="" contact_name="(Unknown)" />'
        )
    lines.append("</smses>")
    return "\n".join(lines).encode()


def bench_import_and_analysis(rng: random.Random, count: int) -> dict:
    data = sms_backup_xml(rng, count)
    started = time.perf_counter()
    result = parse_sms_export(data)
    parse_seconds = time.perf_counter() - started
    # Memory is measured on a second run: tracing slows the parser several times over.
    tracemalloc.start()
    parse_sms_export(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    analysis = analyse_log(
        {"at": message.at, "channel": message.channel, "from_number": message.from_number, "target": "self"}
        for message in result.messages
    )
    svg = harassment_chart_svg(analysis)
    analysis_seconds = time.perf_counter() - started
    return {
        "file_mb": len(data) / 1e6,
        "received": len(result.messages),
        "not_received": result.not_received,
        "parse_seconds": parse_seconds,
        "parse_peak_mb": peak / 1e6,
        "analysis_seconds": analysis_seconds,
        "days": len(analysis.days),
        "svg_kb": len(svg) / 1e3,
    }


def report(phone: dict, sms: dict, load_at_start: float) -> str:
    def verdict(ok: bool) -> str:
        return "达标" if ok else "未达标"

    kinds = "、".join(f"{kind} {count}" for kind, count in sorted(phone["kinds"].items()))
    return "\n".join([
        START,
        "## 号码分析、短信导入与骚扰规律（bench/log_bench.py）",
        "",
        f"1. `guidance.phones.phone_info`：{phone['count']} 个不同写法的号码（缓存清空后逐个计时）。目标：中位数低于 {TARGET_PHONE_MEDIAN_MS} ms。",
        "",
        "| 中位数 | p95 | 最大 | 结论 |",
        "|---|---|---|---|",
        f"| {phone['median']:.3f} ms | {phone['p95']:.3f} ms | {phone['max']:.3f} ms | {verdict(phone['median'] < TARGET_PHONE_MEDIAN_MS)} |",
        "",
        f"各类型数量：{kinds}。",
        "",
        f"2. `complaints.sms_import.parse_sms_export`：{sms['file_mb']:.1f} MB 的 SMS Backup & Restore XML，收到 {sms['received']} 条、"
        f"发出 {sms['not_received']} 条。目标：{TARGET_PARSE_S:.0f} 秒内、内存峰值低于 {TARGET_PARSE_MB} MB。",
        f"3. `analyse_log` + `harassment_chart_svg`：{sms['days']} 天、图 {sms['svg_kb']:.0f} KB。目标：{TARGET_ANALYSIS_S:.0f} 秒内。",
        "",
        "| 解析用时 | 解析内存峰值 | 分析和作图用时 | 结论 |",
        "|---|---|---|---|",
        f"| {sms['parse_seconds']:.2f} s | {sms['parse_peak_mb']:.0f} MB | {sms['analysis_seconds']:.2f} s | "
        f"{verdict(sms['parse_seconds'] < TARGET_PARSE_S and sms['parse_peak_mb'] < TARGET_PARSE_MB and sms['analysis_seconds'] < TARGET_ANALYSIS_S)} |",
        "",
        f"运行于 {dt.date.today().isoformat()}，{_bootstrap.machine()}，开始时系统负载（1 分钟平均）{load_at_start:.1f}。",
        END,
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    rng = random.Random(args.seed)
    phone = bench_phone_info(rng)
    sms = bench_import_and_analysis(rng, args.messages)
    section = report(phone, sms, load_at_start)
    print(section)
    if not args.no_write:
        _bootstrap.write_section(section)
    ok = (
        phone["median"] < TARGET_PHONE_MEDIAN_MS
        and sms["parse_seconds"] < TARGET_PARSE_S
        and sms["parse_peak_mb"] < TARGET_PARSE_MB
        and sms["analysis_seconds"] < TARGET_ANALYSIS_S
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
