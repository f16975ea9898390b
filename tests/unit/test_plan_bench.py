import importlib.util
import random
import sys
from pathlib import Path

from guidance import engine
from guidance.schema import ACTIONS, parse_case_file

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))  # as when the script runs, `import _bootstrap` finds bench/_bootstrap.py
_SPEC = importlib.util.spec_from_file_location("plan_bench", BENCH / "plan_bench.py")
plan_bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(plan_bench)


def test_generated_case_files_are_valid_and_varied():
    rng = random.Random(7)
    kinds, statuses = set(), set()
    for _ in range(400):
        case = parse_case_file(plan_bench.case_file(rng))
        kinds.add(case.get("lender", {}).get("kind"))
        plan = engine.plan(case)
        assert [entry["action"] for entry in plan["actions"]] == list(ACTIONS)
        statuses |= {entry["status"] for entry in plan["actions"]}
    assert len(kinds) == 7  # six kinds and "not given"
    assert statuses == {"do_now", "waiting", "later", "done", "not_applicable"}


def test_report_section_replaces_only_its_own_section(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text("# 性能基准\n\n## 其他基准\n\n保留这一节。\n", encoding="utf-8")
    result = {"count": 10, "seed": 1, "median": 0.2, "p95": 0.5, "max": 0.9, "statuses": {"do_now": 3}}
    plan_bench.write_report(plan_bench.section(result), report)
    plan_bench.write_report(plan_bench.section(result | {"median": 0.3}), report)
    text = report.read_text(encoding="utf-8")
    assert "保留这一节。" in text
    assert text.count(plan_bench.START) == 1
    assert "| 0.300 ms | 0.500 ms | 0.900 ms | 达标 |" in text
