"""Check-ins: when to ask "since you sent it, has the harassment stopped, gone on, or got worse?", and about which
steps. Pure functions: no database, no request, no clock (the caller passes `today` and the answers so far).

A step the borrower sent to someone (an action with a letter and an addressee in the ladder) is asked about:
- when its answer period ends, where the ladder gives one for this case (Ladder.answer_period: the same date the
  plan waits until), or
- `practical_days` after it was taken, where no law sets a period (settings.CHECK_IN_PRACTICAL_DAYS);
- once asked and answered "stopped", the question comes back `again_days` after the answer
  (settings.CHECK_IN_AGAIN_DAYS). Answered "gone on" or "worse", the plan has moved on: the next step taken gets its
  own question.
One question covers every step that is due by then, so the borrower answers once for the harassment as a whole.
"""

import datetime as dt
from dataclasses import dataclass

from guidance import ladder as ladders

ANSWERS = ("stopped", "continued", "worse")
# facts.md steps_taken[].result for each answer: "worse" is "continued" with a flag kept on the check-in itself.
RESULT_OF_ANSWER = {"stopped": "resolved", "continued": "continued", "worse": "continued"}
# A step that already has one of these results was answered some other way (a reply recorded, a refusal).
_OPEN_RESULTS = (None, "no_reply")


@dataclass(frozen=True)
class Answer:
    """One recorded answer about one step (a CheckIn row, as the pure functions see it)."""

    action: str
    step_on: str  # ISO date, as steps_taken[].on
    target: str
    answer: str
    answered_on: dt.date


@dataclass(frozen=True)
class AskedStep:
    action: str
    on: str
    target: str
    due_on: dt.date
    # "law": the answer period of the ladder (days, counted as the plan counts them); "practice": the stated interval.
    basis: str
    days: int


@dataclass(frozen=True)
class CheckInDue:
    due_on: dt.date
    steps: tuple[AskedStep, ...]
    # Contacts counted from the day after this date: the earliest step asked about, or the "stopped" answer.
    since: dt.date
    # True when the question comes back after a "stopped" answer.
    again: bool


def asked_actions(ladder: ladders.Ladder) -> tuple[str, ...]:
    """The actions whose steps are sent to someone (a letter and an addressee): the ones a check-in asks about."""
    return tuple(action.id for action in ladder.actions if action.letter and action.addressee != "none")


def _latest_asked_steps(case: dict, asked: tuple[str, ...]) -> dict[tuple[str, str], dict]:
    latest: dict[tuple[str, str], dict] = {}
    for step in case.get("steps_taken") or ():
        if step.get("action") not in asked:
            continue
        key = (step["action"], step.get("target", ""))
        if key not in latest or step["on"] >= latest[key]["on"]:
            latest[key] = step
    return latest


def _due(step: dict, case: dict, ladder, practical_days: int) -> AskedStep:
    started = dt.date.fromisoformat(step["on"])
    wait = ladder.answer_period(step["action"], case)
    if wait is not None:
        return AskedStep(step["action"], step["on"], step.get("target", ""), wait.until(started), "law", wait.days)
    return AskedStep(step["action"], step["on"], step.get("target", ""), started + dt.timedelta(days=practical_days),
                     "practice", practical_days)


def check_in_next(case: dict, answers: list[Answer], *, today: dt.date, practical_days: int, again_days: int,
                  ladder: ladders.Ladder | None = None) -> CheckInDue | None:
    """The next check-in of a case file (due today or earlier, or later), or None when there is nothing to ask.

    `due_on` does not depend on `today`; the steps asked about are those due by `today` (at least the first)."""
    ladder = ladder or ladders.load()
    latest = _latest_asked_steps(case, asked_actions(ladder))
    answered = {(item.action, item.step_on, item.target): item for item in answers}
    open_steps = [_due(step, case, ladder, practical_days) for step in latest.values()
                  if step.get("result") in _OPEN_RESULTS and (step["action"], step["on"], step.get("target", "")) not in answered]
    if open_steps:
        first = min(step.due_on for step in open_steps)
        steps = tuple(sorted((step for step in open_steps if step.due_on <= max(today, first)), key=lambda step: (step.on, step.action)))
        return CheckInDue(due_on=first, steps=steps, since=min(dt.date.fromisoformat(step.on) for step in steps), again=False)
    # Nothing new to ask about: ask again only where the last answer said the harassment stopped.
    current = {(step["action"], step["on"], step.get("target", "")) for step in latest.values()}
    last = max((item for item in answers if (item.action, item.step_on, item.target) in current),
               key=lambda item: item.answered_on, default=None)
    if last is None or last.answer != "stopped":
        return None
    stopped = [_due(step, case, ladder, practical_days) for key, step in latest.items()
               if (step["action"], step["on"], key[1]) in answered
               and answered[(step["action"], step["on"], key[1])].answered_on == last.answered_on
               and answered[(step["action"], step["on"], key[1])].answer == "stopped"]
    steps = tuple(sorted(stopped, key=lambda step: (step.on, step.action)))
    return CheckInDue(due_on=last.answered_on + dt.timedelta(days=again_days), steps=steps, since=last.answered_on, again=True)
