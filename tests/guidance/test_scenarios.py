"""Scenario files: a case file and the parts of the plan that must hold, readable by a lawyer.

Each tests/guidance/scenarios/<name>.json holds {"title", "case", "expect"}; "expect" may give
"urgent", "next", and per action id the "status" and any other keys of the plan entry ("until", "needs",
"letter", "addressee" (a subset), "citations" (each must be present), "why_contains" and
"for_legal_workers_contains" (fragments of the borrower's text and of the legal workers' note)).
"""

import json
from pathlib import Path

import pytest

from guidance import engine, law
from guidance.schema import ACTIONS, parse_case_file

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))
STATUSES = {"do_now", "waiting", "later", "done", "not_applicable"}


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def entries_status(plan, action_id):
    return next(entry["status"] for entry in plan["actions"] if entry["action"] == action_id)


def _check_subset(expected, actual, where):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing in {actual!r}"
            _check_subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: expected {len(expected)} items, got {actual!r}"
        for index, (wanted, got) in enumerate(zip(expected, actual, strict=True)):
            _check_subset(wanted, got, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_scenario(path):
    scenario = _load(path)
    assert set(scenario) == {"title", "case", "expect"}, f"{path.name}: keys must be title, case, expect"
    case = parse_case_file(scenario["case"])
    assert parse_case_file(case) == case  # normalising twice changes nothing
    plan = engine.plan(case)
    assert json.loads(json.dumps(plan)) == plan
    assert {"spec", "tree", "urgent", "next", "actions"} <= plan.keys()
    assert [entry["action"] for entry in plan["actions"]] == list(ACTIONS)
    for entry in plan["actions"]:
        assert {"action", "status", "why", "citations", "letter", "addressee"} <= entry.keys()
        assert entry["status"] in STATUSES
        assert [p for p in law.citation_problems(entry["citations"]) if p.is_error] == []
    assert plan["next"] is None or (plan["next"] not in plan["urgent"] and entries_status(plan, plan["next"]) == "do_now")
    expect = scenario["expect"]
    for key in ("urgent", "next"):
        if key in expect:
            assert plan[key] == expect[key], f"{key}: expected {expect[key]!r}, got {plan[key]!r}"
    entries = {entry["action"]: entry for entry in plan["actions"]}
    for action_id, wanted in expect.get("actions", {}).items():
        entry = entries[action_id]
        for key, value in wanted.items():
            if key in ("why_contains", "for_legal_workers_contains"):
                field = key.removesuffix("_contains")
                for fragment in value:
                    assert fragment in entry.get(field, ""), f"{action_id}.{field} lacks {fragment!r}: {entry.get(field)}"
            elif key == "citations":
                for citation in value:
                    assert citation in [{"law": c["law"], "article": c["article"]} for c in entry["citations"]], f"{action_id}: {citation} not cited"
            elif key == "addressee":
                _check_subset(value, entry["addressee"], f"{action_id}.addressee")
            else:
                assert entry.get(key) == value, f"{action_id}.{key}: expected {value!r}, got {entry.get(key)!r}"
        if entry["status"] != "waiting":
            assert "until" not in entry
        if entry["status"] != "later":
            assert "needs" not in entry


def test_scenarios_cover_every_action_with_every_status_it_can_take_and_each_lender_kind():
    assert len(SCENARIOS) >= 30
    seen_status = set()
    seen_action_status = set()
    lender_kinds = set()
    for path in SCENARIOS:
        scenario = _load(path)
        lender_kinds.add(scenario["case"].get("lender", {}).get("kind"))
        for action_id, wanted in scenario["expect"].get("actions", {}).items():
            if "status" in wanted:
                seen_status.add(wanted["status"])
                seen_action_status.add((action_id, wanted["status"]))
    assert seen_status == STATUSES
    assert {action for action, _ in seen_action_status} == set(ACTIONS)
    assert {"bank", "consumer_finance", "microloan", "online_platform", "unlicensed", "unknown", None} <= lender_kinds
    # both sides of every waiting period: day 15 waiting, day 16 do_now, for each action that can wait
    for action_id in ("complain_regulator", "appeal_miit"):
        assert {(action_id, "waiting"), (action_id, "do_now"), (action_id, "later")} <= seen_action_status
