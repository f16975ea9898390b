import datetime as dt
import re

import pytest

from guidance import engine, ladder
from guidance.phones import phone_info
from guidance.presentation import plan_sections
from guidance.schema import ACTIONS, parse_case_file


def _plan(data, **kwargs):
    return engine.plan(parse_case_file(data), **kwargs)


def _entry(plan, action_id):
    return next(entry for entry in plan["actions"] if entry["action"] == action_id)


def test_empty_case_file_gives_a_complete_plan_in_order():
    plan = _plan({"today": "2026-03-20"})
    assert plan["spec"] == "zhirao-plan/1"
    assert plan["tree"] == {"id": "escalation", "version": ladder.CURRENT[1]}
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
    monkeypatch.setattr(engine.clock, "today", lambda: dt.date(2026, 5, 5))
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
    assert engine.clock.chinese_date(dt.date(2026, 3, 7)) == "2026年3月7日"


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”]")


def _carrier_addressee(numbers):
    return _entry(_plan({"today": "2026-03-20", "collector": {"numbers": numbers}}), "complain_carrier")["addressee"]


@pytest.mark.parametrize(
    "numbers",
    [
        ["13800138000"],  # mobile
        ["17012345678"],  # virtual operator, host known
        ["10690000123456"],  # cross-network SMS port: operator unknown
        ["1065812345678"],  # single-network SMS port
        ["+852 9123 4567"],  # foreign
        ["010-12345678"],  # landline
        ["88888888"],  # landline without an area code
        ["400-123-4567"],  # shared cost
        ["95588"],  # service number
        ["110"],  # emergency
        ["12345"],  # public service
        ["13800138000", "10690000123456", "+852 9123 4567", "17012345678"],  # mixed, caveats once each
    ],
    ids=lambda numbers: "+".join(numbers),
)
def test_carrier_note_en_says_what_the_note_says(numbers):
    addressee = _carrier_addressee(numbers)
    caveats, caveats_en = [], []
    for number in numbers:
        for zh, en in zip(phone_info(number).caveats, phone_info(number).caveats_en, strict=True):
            if zh not in caveats:
                caveats.append(zh)
                caveats_en.append(en)
    assert addressee["note"] == "".join(caveats)
    assert addressee["note_en"] == " ".join(caveats_en)
    assert not CJK.search(addressee["note_en"]), addressee["note_en"]


def test_english_plan_page_shows_the_english_note():
    plan = _plan({"today": "2026-03-20", "collector": {"numbers": ["10690000123456"]}})
    note = _entry(plan, "complain_carrier")["addressee"]["note_en"]

    def card(language):
        sections = plan_sections(plan, dt.date(2026, 3, 20), language)
        cards = [c for status in ("do_now", "waiting", "later", "done", "not_applicable") for c in sections[status]]
        return next(c for c in cards if c["id"] == "complain_carrier")

    assert card("en")["addressee"]["note"] == note
    assert card("zh-hans")["addressee"]["note"].startswith("106开头的是短信端口号")


def test_carrier_notes_without_caveats_agree_in_both_languages():
    missing = _carrier_addressee([])
    assert missing["note"] == "请补充骚扰你的号码，才能确定向哪家运营商投诉。"
    assert missing["note_en"] == "Add the harassing numbers so that the right operator can be named."
    # Only an unchecked case can hold a number with no caveat (the schema rejects invalid numbers): then the general advice.
    fallback = engine._carrier_addressee({"collector": {"numbers": ["not a number"]}})
    assert fallback["note"] == "可向你自己手机号所属的运营商投诉，并向12321举报。"
    assert fallback["note_en"] == "You can complain to the operator of your own mobile number and report to 12321."


def test_a_step_recorded_for_one_carrier_leaves_the_other_carriers_open():
    case = {"spec": "zhirao-case/1", "today": "2026-03-20", "collector": {"numbers": ["+8613800138000", "+8618612345678"]},
            "steps_taken": [{"action": "complain_carrier", "on": "2026-03-10", "result": "no_reply", "target": "中国移动"}]}
    assert engine.action_status(case, "complain_carrier", target="中国移动")["status"] == "done"
    assert engine.action_status(case, "complain_carrier", target="中国联通")["status"] == "do_now"
    assert engine.action_status(case, "appeal_miit", target="中国联通")["status"] == "later"


def test_the_ladder_names_each_answer_period_once_for_plan_and_letters():
    loaded = ladder.load()
    carrier = loaded.answer_period("complain_carrier", {})
    assert carrier.days == 15 and carrier.citations[0].law == "telecom_user_appeal_measures"
    assert loaded.answer_period("complain_lender", {"lender": {"kind": "bank"}}).days == 15
    assert loaded.answer_period("complain_lender", {"lender": {"kind": "microloan"}}) is None
    assert loaded.answer_period("demand_collector_stop", {}) is None


def test_with_numbers_on_two_carriers_each_carrier_is_its_own_entry_and_one_complaint_leaves_the_other_open():
    case = {"spec": "zhirao-case/1", "today": "2026-03-20", "collector": {"numbers": ["+8613800138000", "+8618612345678"]},
            "steps_taken": [{"action": "complain_carrier", "on": "2026-03-10", "result": "no_reply", "target": "中国移动"}]}
    complain = _entry(engine.plan(case), "complain_carrier")
    assert complain["status"] == "do_now"
    assert [(item["target"], item["status"], item["numbers"]) for item in complain["targets"]] == [
        ("中国移动", "done", ["+8613800138000"]), ("中国联通", "do_now", ["+8618612345678"])]
    appeal = _entry(engine.plan(case), "appeal_miit")
    assert [(item["target"], item["status"], item.get("until")) for item in appeal["targets"]] == [
        ("中国移动", "waiting", "2026-03-25"), ("中国联通", "later", None)]
    assert appeal["status"] == "waiting" and appeal["until"] == "2026-03-25"
    untargeted = {**case, "steps_taken": [{"action": "complain_carrier", "on": "2026-03-10", "result": "no_reply"}]}
    assert {item["status"] for item in _entry(engine.plan(untargeted), "complain_carrier")["targets"]} == {"done"}


@pytest.mark.parametrize(("kind", "until", "article"), [("complaint_copy", "2026-03-17", "第一百二十八条"),
                                                        ("payment_order", "2026-03-17", "第二百二十七条")])
def test_court_papers_she_received_give_the_dated_period_from_the_day_of_receipt(kind, until, article):
    plan = _plan({"today": "2026-03-05", "court_papers": {"kind": kind, "received_on": "2026-03-02", "verified": True}})
    deadline = plan["court_deadline"]
    assert deadline["until"] == until and deadline["verified"] is True
    assert {"law": "civil_procedure_law", "article": article} in [{"law": c["law"], "article": c["article"]} for c in deadline["citations"]]
    assert "12348" in deadline["why"]


def test_papers_that_start_no_period_or_have_no_date_give_no_deadline():
    assert "court_deadline" not in _plan({"today": "2026-03-05", "court_papers": {"kind": "other", "received_on": "2026-03-02"}})
    assert "court_deadline" not in _plan({"today": "2026-03-05", "court_papers": {"kind": "payment_order"}})


@pytest.mark.parametrize(("held", "log"), [({"files": 2, "log_entries": 0}, []), (None, [{"at": "2026-03-14T22:41:00+08:00", "channel": "sms"}])])
def test_evidence_the_case_holds_keeps_the_evidence_step_done_and_the_lawsuit_no_longer_waits_for_it(held, log):
    data = {"today": "2026-03-20", "wants": ["compensation"], "harassment": {"content": ["insult"]}, "log": log}
    if held:
        data["evidence_held"] = held
    plan = _plan(data)
    evidence = _entry(plan, "preserve_evidence")
    assert evidence["status"] == "done" and "证据文件" in evidence["why"] and "evidence file" in evidence["why_en"]
    assert _entry(plan, "sue_in_court")["status"] == "do_now" and plan["next"] != "preserve_evidence"
    assert _entry(_plan({"today": "2026-03-20", "wants": ["compensation"]}), "sue_in_court")["needs"] == ["preserve_evidence"]
