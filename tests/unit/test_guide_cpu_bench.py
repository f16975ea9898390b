"""bench/guide_cpu.py's report: its verdict and its own section of docs/benchmarks.md (no timing is asserted)."""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))  # as when the script runs, `import _bootstrap` finds bench/_bootstrap.py
_SPEC = importlib.util.spec_from_file_location("guide_cpu", BENCH / "guide_cpu.py")
guide_cpu = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(guide_cpu)


def _cpu(answer_ms: float, plan_ms: float) -> dict:
    return {guide_cpu.ANSWER: [answer_ms / 1000] * 5, guide_cpu.PLAN: [plan_ms / 1000], guide_cpu.RESTART: [0.001]}


def test_the_verdict_needs_every_kind_of_requests_median_and_the_mean_within_the_goal():
    assert "结论：达标" in guide_cpu.report(_cpu(2.0, 2.4), walks=1, database="SQLite", load_at_start=0.1)
    assert "结论：未达标" in guide_cpu.report(_cpu(2.0, 3.0), walks=1, database="SQLite", load_at_start=0.1)  # the plan page
    assert "结论：未达标" in guide_cpu.report(_cpu(2.6, 2.4), walks=1, database="SQLite", load_at_start=0.1)
    assert "结论：未达标" in guide_cpu.report(_cpu(2.0, 20.0), walks=1, database="SQLite", load_at_start=0.1)


def test_the_report_replaces_only_its_own_section(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text("# 性能基准\n\n## 其他基准\n\n保留这一节。\n", encoding="utf-8")
    for answer_ms in (3.0, 2.0):
        guide_cpu._bootstrap.write_section(guide_cpu.report(_cpu(answer_ms, 3.0), walks=7, database="PostgreSQL",
                                                            load_at_start=0.4), report)
    text = report.read_text(encoding="utf-8")
    assert "保留这一节。" in text and text.count("<!-- guide_cpu:start -->") == 1
    assert "| `POST /guide/q/<node_id>/` | 5 | 2.00 ms |" in text and "7 次匿名走完指引" in text
