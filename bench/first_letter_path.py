"""Screens from the home page to the first letter: `python bench/first_letter_path.py [--no-write]`.

Runs the browser test tests/browser/test_first_letter_path.py (Playwright, Debian's Chromium, 360×740, each of
its three invented borrowers with JavaScript and without) and records how many screens each walk took from the
home page to the downloaded `collector_cease` PDF. Target (issue 14): at most 12. Each run adds its row to the
section's table in docs/benchmarks.md, so the counts before and after a change stay side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import _bootstrap  # bench/ is on sys.path when a script runs

START, END = _bootstrap.markers("first_letter_path")
TEST = "tests/browser/test_first_letter_path.py"
TARGET = 12
COLUMNS = (("chengdu", "js"), ("chengdu", "no-js"), ("bank-card", "js"), ("bank-card", "no-js"),
           ("app-lender", "js"), ("app-lender", "no-js"))


def measure() -> dict[tuple[str, str], int]:
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "screens.jsonl"
        env = {**os.environ, "ZHIRAO_SCREEN_COUNTS": str(out)}
        # The test fails when a walk takes more than 12 screens; the counts are written before that check.
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST], cwd=_bootstrap.ROOT, env=env,
                       check=False)
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return {(row["borrower"], row["mode"]): row["screens"] for row in rows}


def _old_rows(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START not in text or END not in text:
        return []
    section = text[text.index(START):text.index(END)]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| 提交")]


def section(counts: dict, old_rows: list[str]) -> str:
    cells = [str(counts.get(column, "—")) for column in COLUMNS]
    worst = max(counts.values()) if counts else None
    verdict = "达标" if worst is not None and worst <= TARGET and len(counts) == len(COLUMNS) else "未达标"
    row = f"| {_bootstrap.commit()} | {dt.date.today().isoformat()} | " + " | ".join(cells) + f" | {verdict} |"
    header = "| 提交 | 日期 | " + " | ".join(f"{who}（{'有 JS' if mode == 'js' else '无 JS'}）" for who, mode in COLUMNS) + " | 结论 |"
    lines = [
        START,
        "## 从首页到第一封文书的屏数（bench/first_letter_path.py）",
        "",
        f"`{TEST}`：三位虚构的首次使用者（成都的借款人，号码 170/171 分属电信和联通；银行信用卡；网贷 App）在 360×740 的手机上，"
        f"从首页走到下载“要求停止违规催收”的 PDF。一次页面加载或一次替换主要内容的 htmx 交换算一屏。目标：不超过 {TARGET} 屏。",
        "",
        header,
        "|" + "---|" * (len(COLUMNS) + 3),
        *old_rows,
        row,
        "",
        f"最近一次运行：{_bootstrap.machine()}，运行时系统负载 {os.getloadavg()[0]:.1f}。",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing docs/benchmarks.md")
    args = parser.parse_args()
    text = section(measure(), _old_rows(_bootstrap.REPORT))
    if args.no_write:
        print(text)
    else:
        _bootstrap.write_section(text)
        print(text)


if __name__ == "__main__":
    main()
