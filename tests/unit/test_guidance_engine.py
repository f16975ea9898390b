import datetime as dt

import pytest

from guidance import engine, ladder
from guidance.schema import ACTIONS, parse_case_file


def _plan(data, **kwargs):
    return engine.plan(parse_case_file(data), **kwargs)


def _entry(plan, action_id):
    return next(entry for entry in plan["actions"] if entry["action"] == action_id)


def test_empty_case_file_gives_a_complete_plan_in_order():
    plan = _plan({"today": "2026-03-20"})
    assert plan["spec"] == "zhirao-plan/1"
    assert plan["tree"] == {"id": "escalation", "version": "2026-11"}
    assert [entry["action"] for entry in plan["actions"]] == list(ACTIONS)
    assert plan["urgent"] == []
    assert plan["next"] == "preserve_evidence"
    for entry in plan["actions"]:
        assert entry["status"] in {"do_now", "waiting", "later", "done", "not_applicable"}
        assert entry["why"]
        assert entry["citations"]


def test_today_comes_from_argument_then_file_then_clock(monkeypatch):
    case = parse_case_file({"today": "2026-03-20"})
    assert engine.plan(case)["today"] == "2026-03-20"
    assert engine.plan(case, today=dt.date(2026, 4, 1))["today"] == "2026-04-01"
    monkeypatch.setattr(engine, "shanghai_today", lambda: dt.date(2026, 5, 5))
    assert engine.plan(parse_case_file({}))["today"] == "2026-05-05"


@pytest.mark.parametrize(("today", "status"), [("2026-03-15", "waiting"), ("2026-03-16", "waiting"), ("2026-03-17", "do_now")])
def test_lender_period_includes_day_fifteen(today, status):
    plan = _plan({"today": today, "lender": {"kind": "bank"}, "steps_taken": [{"action": "complain_lender", "on": "2026-03-01", "result": "no_reply"}]})
    entry = _entry(plan, "complain_regulator")
    assert entry["status"] == status
    assert entry.get("until") == ("2026-03-16" if status == "waiting" else None)


def test_danger_is_urgent_and_not_next():
    plan = _plan({"today": "2026-03-20", "safety": {"in_danger_now": True}})
    assert plan["urgent"] == ["call_police_now"]
    assert plan["next"] != "call_police_now"
    assert _entry(plan, "call_police_now")["addressee"]["hotline"] == "110"


def test_secondary_law_is_marked_in_citations():
    plan = _plan({"today": "2026-03-20", "harassment": {"channels": ["sms"]}})
    cited = _entry(plan, "appeal_miit")["citations"]
    assert {"law": "telecom_user_appeal_measures", "article": "第十条", "secondary": True} in cited
    assert all("secondary" not in c for c in _entry(plan, "preserve_evidence")["citations"])


def test_regulator_by_lender_kind():
    def regulator(kind):
        return _entry(_plan({"today": "2026-03-20", "lender": {"kind": kind}}), "complain_regulator")["addressee"]

    assert regulator("bank")["hotline"] == regulator("consumer_finance")["hotline"] == "12378"
    assert regulator("microloan")["hotline"] is None
    assert "地方金融管理部门" in regulator("microloan")["name"]
    assert "地方金融管理部门" in regulator("unlicensed")["name"]
    assert regulator("online_platform")["hotline"] is None


def test_plan_does_not_change_the_case():
    case = parse_case_file({"today": "2026-03-20", "collector": {"numbers": ["13812345678"]},
                            "steps_taken": [{"action": "complain_lender", "on": "2026-03-01"}]})
    before = repr(case)
    engine.plan(case)
    assert repr(case) == before


def test_every_plan_is_built_from_the_loaded_ladder():
    loaded = ladder.load()
    plan = engine.plan(parse_case_file({"today": "2026-03-20"}), ladder=loaded)
    for entry, action in zip(plan["actions"], loaded.actions, strict=True):
        assert entry["letter"] == action.letter
        assert entry["title"] == action.title.zh


def test_zh_date():
    assert engine.zh_date(dt.date(2026, 3, 7)) == "2026年3月7日"
