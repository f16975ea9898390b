"""The letters and the plan read one rule: on every day from two days before to two days after the carrier's
answer period, the MIIT appeal letter can be made exactly when the plan says the appeal is open; the answer
periods a letter states are the ladder's."""

import datetime as dt

import pytest

from complaints.letters.compose import compose
from complaints.management.letter_samples import COMPLETE_INPUTS, case_with
from guidance import engine
from guidance import ladder as ladders

COMPLAINED = dt.date(2026, 3, 10)


@pytest.mark.parametrize("result", [None, "no_reply", "continued", "refused"])
def test_the_appeal_letter_opens_when_the_plan_does(result):
    step = {"action": "complain_carrier", "on": COMPLAINED.isoformat(), **({"result": result} if result else {})}
    case = case_with(steps_taken=[step])
    wait = ladders.load().answer_period("complain_carrier", case)
    for offset in range(wait.days - 2, wait.days + 3):
        today = COMPLAINED + dt.timedelta(days=offset)
        status = engine.action_status({**case, "today": today.isoformat()}, "appeal_miit", target="中国移动", today=today)["status"]
        draft = compose(case, "miit_appeal", today=today, target="中国移动", inputs=COMPLETE_INPUTS["miit_appeal"])
        assert (draft.missing == []) == (status in ("do_now", "done")), (result, today, status, draft.missing)


def test_a_step_for_another_carrier_does_not_open_this_carriers_appeal():
    case = case_with(steps_taken=[{"action": "complain_carrier", "on": "2026-03-01", "result": "refused", "target": "中国电信"}])
    draft = compose(case, "miit_appeal", today=dt.date(2026, 3, 20), target="中国移动", inputs=COMPLETE_INPUTS["miit_appeal"])
    assert any("向运营商投诉" in item for item in draft.missing)


def test_the_lenders_answer_period_is_the_ladders():
    case = case_with()
    wait = ladders.load().answer_period("complain_lender", case)
    draft = compose(case, "lender_complaint", today=dt.date(2026, 3, 20))
    assert f"自贵司收到本投诉之日起{wait.days}日内" in draft.demands[-1]
