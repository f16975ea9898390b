"""complaints.check_ins: when the check-in question comes and which steps it asks about (pure, no database)."""

import datetime as dt

from complaints.check_ins import Answer, asked_actions, check_in_next
from complaints.outcomes_chart import outcomes_chart_svg
from guidance import ladder as ladders

BANK = {"lender": {"kind": "consumer_finance"}}
DAY = dt.date(2026, 3, 1)


def _next(case, answers=(), today=DAY + dt.timedelta(days=40)):
    return check_in_next(case, list(answers), today=today, practical_days=7, again_days=30)


def test_only_steps_sent_to_someone_are_asked_about():
    asked = asked_actions(ladders.load())
    assert "preserve_evidence" not in asked and "call_police_now" not in asked
    assert {"demand_collector_stop", "complain_lender", "complain_carrier", "negotiate_repayment"} <= set(asked)
    assert _next({**BANK, "steps_taken": [{"action": "preserve_evidence", "on": "2026-03-01"}]}) is None


def test_due_dates_follow_the_ladder_or_the_practical_interval():
    lender = _next({**BANK, "steps_taken": [{"action": "complain_lender", "on": "2026-03-01"}]})
    assert lender.due_on == DAY + dt.timedelta(days=ladders.load().answer_period("complain_lender", BANK).days)
    assert lender.steps[0].basis == "law"
    # A microloan company: no legal period in Zhirao's law texts, so the practical interval.
    microloan = _next({"lender": {"kind": "microloan"}, "steps_taken": [{"action": "complain_lender", "on": "2026-03-01"}]})
    assert (microloan.due_on, microloan.steps[0].basis) == (DAY + dt.timedelta(days=7), "practice")


def test_a_step_with_a_recorded_result_other_than_no_reply_is_not_asked_about():
    for result, asked in (("no_reply", True), ("refused", False), ("resolved", False), ("continued", False)):
        case = {**BANK, "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-01", "result": result}]}
        assert (_next(case) is not None) is asked, result


def test_stopped_asks_again_and_continued_does_not():
    case = {**BANK, "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-01", "result": "resolved"}]}
    stopped = Answer("demand_collector_stop", "2026-03-01", "", "stopped", DAY + dt.timedelta(days=8))
    again = _next(case, [stopped])
    assert (again.due_on, again.again, again.since) == (DAY + dt.timedelta(days=38), True, DAY + dt.timedelta(days=8))
    went_on = Answer("demand_collector_stop", "2026-03-01", "", "continued", DAY + dt.timedelta(days=38))
    assert _next({**case, "steps_taken": [{**case["steps_taken"][0], "result": "continued"}]}, [stopped, went_on]) is None


def test_a_new_step_after_an_answer_gets_its_own_question():
    case = {**BANK, "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-01", "result": "continued"},
                                    {"action": "complain_lender", "on": "2026-03-09"}]}
    due = _next(case, [Answer("demand_collector_stop", "2026-03-01", "", "continued", DAY + dt.timedelta(days=8))])
    assert [step.action for step in due.steps] == ["complain_lender"] and not due.again


def test_the_outcomes_chart_is_plain_svg_with_its_text_escaped():
    import xml.etree.ElementTree as ET

    svg = outcomes_chart_svg([{"label": "<甲>", "share": 0.5, "stopped": 3, "cases": 6}], title="比例")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and "style=" not in svg and "<script" not in svg
    assert "&lt;甲&gt;" in svg and "50%" in svg
