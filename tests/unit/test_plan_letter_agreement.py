"""The plan and the letters read one rule. For every waiting period of the ladder, on each day from two days before
to two days after its end, and for each result the earlier step can have: every letter the case has is offered with
the plan's own status and date for its action (for its own carrier where there are several), the MIIT appeal can be
made exactly when the plan opens the appeal, and the answer period a letter states is the ladder's."""

import datetime as dt

import pytest

from complaints.letters.compose import compose, letter_targets
from complaints.letters.selection import applicable_letters
from complaints.management.letter_samples import COMPLETE_INPUTS, case_with
from guidance import engine
from guidance import ladder as ladders

STEP_DAY = dt.date(2026, 3, 1)
RESULTS = (None, "no_reply", "continued", "refused")


def _waits():
    """(the action that waits, the step it waits on, the lender kind under which the wait applies) for every wait."""
    ladder = ladders.load()
    found = []
    for action in ladder.actions:
        for need in action.needs:
            if need.wait is None:
                continue
            kind = next(kind for kind in ("bank", "consumer_finance", "microloan", "unknown")
                        if need.when({"lender": {"kind": kind}}))
            found.append((action.id, need.action, kind))
    return found


WAITS = _waits()


def test_the_ladder_has_the_waits_this_test_walks():
    assert {(waiting, on) for waiting, on, _kind in WAITS} == {("appeal_miit", "complain_carrier"), ("complain_regulator", "complain_lender")}


def _plan_status(plan: dict, action_id: str, target: str) -> tuple[str, str]:
    entry = next(item for item in plan["actions"] if item["action"] == action_id)
    own = next((item for item in entry.get("targets", ()) if item["target"] == target), entry)
    return own["status"], own.get("until", "")


@pytest.mark.parametrize(("waiting", "on", "lender_kind"), WAITS, ids=[f"{w}-after-{o}" for w, o, _k in WAITS])
@pytest.mark.parametrize("result", RESULTS, ids=lambda result: result or "no_result")
def test_every_letter_agrees_with_the_plan_around_every_waiting_period(waiting, on, lender_kind, result):
    step = {"action": on, "on": STEP_DAY.isoformat(), **({"result": result} if result else {})}
    base = case_with(steps_taken=[step], lender__kind=lender_kind)
    wait = ladders.load().answer_period(on, base)
    assert wait is not None
    actions = {action.letter: action.id for action in ladders.load().actions if action.letter}
    for offset in range(wait.days - 2, wait.days + 3):
        today = STEP_DAY + dt.timedelta(days=offset)
        case = {**base, "today": today.isoformat()}
        plan = engine.plan(case, today=today)
        offered = {(item.kind, item.target): item for item in applicable_letters(case)}
        for kind, target in letter_targets(case):
            status, until = _plan_status(plan, actions[kind], target)
            where = f"{kind}/{target or '-'} on {today} after {on} ({result})"
            assert ((kind, target) in offered) == (status != "not_applicable"), where
            if (kind, target) in offered:
                assert (offered[kind, target].status, offered[kind, target].until) == (status, until), where
            if kind == "miit_appeal":
                draft = compose(case, kind, today=today, target=target, inputs=COMPLETE_INPUTS[kind])
                if target:
                    assert (draft.missing == []) == (status in ("do_now", "done")), (where, draft.missing)
                else:
                    # Numbers whose carrier the plan cannot tell: an appeal needs a named respondent first
                    # (电信用户申诉处理办法 第十条(二)), so the letter asks for it and is never complete without it.
                    assert "被投诉运营商的名称" in draft.missing, (where, draft.missing)
        waiting_status, waiting_until = _plan_status(plan, waiting, "中国移动")
        if waiting_status == "waiting":
            assert waiting_until == wait.until(STEP_DAY).isoformat() and today <= wait.until(STEP_DAY)


@pytest.mark.parametrize(("kind", "on", "lender_kind"), [("carrier_complaint", "complain_carrier", "consumer_finance"),
                                                         ("lender_complaint", "complain_lender", "bank"),
                                                         ("lender_complaint", "complain_lender", "consumer_finance")])
def test_the_answer_period_a_letter_states_is_the_ladders(kind, on, lender_kind):
    case = case_with(lender__kind=lender_kind)
    wait = ladders.load().answer_period(on, case)
    target = "中国移动" if kind == "carrier_complaint" else ""
    draft = compose(case, kind, today=STEP_DAY, target=target, inputs=COMPLETE_INPUTS.get(kind, {}))
    stated = " ".join([*draft.demands, draft.closing])
    assert f"{wait.days}日" in stated, stated
    assert any(citation.article == wait.citations[0].article and citation.law == wait.citations[0].law for citation in draft.citations) \
        or wait.citations[0].article in stated, (kind, stated)


def test_a_lender_without_a_legal_answer_period_is_given_the_borrowers_own_deadline_not_a_legal_one():
    case = case_with(lender__kind="microloan")
    assert ladders.load().answer_period("complain_lender", case) is None
    draft = compose(case, "lender_complaint", today=STEP_DAY)
    stated = " ".join(draft.demands)
    assert "第十八条" not in stated
