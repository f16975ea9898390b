"""Outcomes, counted honestly: of the cases whose first letter went out at least WINDOW_DAYS ago, how many were
reported stopped within WINDOW_DAYS of it (by the borrower's check-in answer), overall and by group.

Pure: no database, no request, no clock. complaints.selectors.outcomes turns stored cases into CaseOutcome records;
the staff page, `manage.py outcomes --json` and the tests read `outcomes_summary`. Counts only: no case is named,
and a group (or a median) with fewer than MIN_GROUP cases is not shown, only counted as left out.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

# The definition: stopped within 30 days of the first letter, counted once 30 days have passed.
WINDOW_DAYS = 30
# Smaller groups are not shown: a share of three cases says little and may point at a person.
MIN_GROUP = 5
GROUPINGS = ("first_step", "lender_kind", "collector")


@dataclass(frozen=True)
class CaseOutcome:
    """What the outcomes read of one case."""

    # The day the borrower first answered Zhirao's questions (the case was made from them).
    started_on: dt.date
    # The first step sent to someone (complaints.check_ins.asked_actions) and its date; None before any.
    first_step: str | None
    first_letter_on: dt.date | None
    lender_kind: str
    collector: str
    # The first check-in answer "stopped" on or after the first letter, if any.
    stopped_on: dt.date | None
    # Whether any check-in question of the case was ever answered.
    answered: bool


def _share(stopped: int, cases: int) -> float:
    return round(stopped / cases, 4) if cases else 0.0


def _row(key: str, members: list[CaseOutcome]) -> dict:
    stopped = sum(1 for item in members if _stopped_in_window(item))
    return {"key": key, "cases": len(members), "stopped": stopped, "share": _share(stopped, len(members))}


def _stopped_in_window(item: CaseOutcome) -> bool:
    return item.stopped_on is not None and (item.stopped_on - item.first_letter_on).days <= WINDOW_DAYS


def _median(values: list[int]) -> dict:
    """{"cases": n, "days": median or None when fewer than MIN_GROUP}."""
    if len(values) < MIN_GROUP:
        return {"cases": len(values), "days": None}
    median = statistics.median(values)
    return {"cases": len(values), "days": int(median) if float(median).is_integer() else median}


def outcomes_summary(records: list[CaseOutcome], *, today: dt.date) -> dict:
    """The figures of the outcomes page and command, JSON-ready (dates as ISO text)."""
    cutoff = today - dt.timedelta(days=WINDOW_DAYS)
    counted = [item for item in records if item.first_letter_on is not None and item.first_letter_on <= cutoff]
    overall = _row("all", counted)
    shown = len(counted) >= MIN_GROUP
    groups = {}
    for grouping in GROUPINGS:
        members: dict[str, list[CaseOutcome]] = {}
        for item in counted:
            members.setdefault(getattr(item, grouping) or "", []).append(item)
        rows = sorted((_row(key, group) for key, group in members.items()), key=lambda row: (-row["cases"], row["key"]))
        visible = [row for row in rows if row["cases"] >= MIN_GROUP]
        groups[grouping] = {"rows": visible, "hidden_groups": len(rows) - len(visible),
                            "hidden_cases": sum(row["cases"] for row in rows if row["cases"] < MIN_GROUP)}
    # Days from the first question to the first letter: only letters sent after the case began (a step recorded
    # from before she came to Zhirao says nothing about how fast Zhirao helped).
    to_letter = [(item.first_letter_on - item.started_on).days for item in counted if item.first_letter_on >= item.started_on]
    to_stopped = [(item.stopped_on - item.first_letter_on).days for item in counted if item.stopped_on is not None]
    return {
        "today": today.isoformat(),
        "window_days": WINDOW_DAYS,
        "min_group": MIN_GROUP,
        "letters_sent_before": cutoff.isoformat(),
        "cases_with_a_letter": sum(1 for item in records if item.first_letter_on is not None),
        "cases_counted": len(counted),
        "overall": overall if shown else {"key": "all", "cases": len(counted), "stopped": None, "share": None},
        "never_answered": sum(1 for item in counted if not item.answered),
        "median_days_question_to_letter": _median(to_letter),
        "median_days_letter_to_stopped": _median(to_stopped),
        "groups": groups,
    }
