"""Triage: how urgent a case is, and why, from its case file (facts.md `zhirao-case/1`) and its log
(as guidance.analysis.analyse_log reads it).

Pure functions: no database, no request, no clock (the caller passes `today`). The staff queue
sorts on the score; the case stores its reasons as codes (Priority.code), shown to staff in words in the page's
language (reason_text).

Levels, most urgent first (the order the clinic asked for):
  4  danger to a person: `safety.in_danger_now`, or threats of violence
  3  the collector reached family, employer, the contact list or other third parties
  2  volume (many contacts a day, or verification-code floods) or contacts at night (21:00-08:00)
  1  a waiting period has ended or ends within DEADLINE_SOON_DAYS
  0  nothing of the above
Within a level, every lower-level factor that is also present adds to the score, so a case with
threats *and* calls to the employer comes before one with threats alone.
"""

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.utils import dateformat, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from guidance import vocabulary
from guidance.analysis import LogAnalysis
from guidance.engine import plan, with_log_facts

# A triage threshold chosen by the clinic, not a legal limit: from this many contacts a day we call it a flood.
HIGH_VOLUME_PER_DAY = 10
DEADLINE_SOON_DAYS = 3

# The targets other than the borrower, in the order the reason names them (labels from guidance.vocabulary).
THIRD_PARTY_TARGETS = ("family", "employer", "contacts", "other_third_party")


# Each reason the queue gives, in the words of the page's language; `%(…)s` values come with the reason's code.
REASONS = {
    "in_danger": _("求助人表示现在有人身危险"),
    "threat_violence": _("催收方以暴力相威胁"),
    "third_parties": _("催收方联系了%(targets)s"),
    "per_day": _("一天最多被联系 %(count)s 次"),
    "bombing": _("遭受验证码轰炸"),
    "night_count": _("夜间（21:00–8:00）被联系 %(count)s 次"),
    "night": _("夜间（21:00–8:00）被联系"),
    "worse": _("求助人在回访中说骚扰更严重了"),
    "deadline_passed": _("等待答复的期限已于 %(date)s 届满"),
    "deadline_today": _("等待答复的期限今天届满"),
    "deadline_soon": _("等待答复的期限还有 %(count)s 天届满（%(date)s）"),
    "nothing": _("暂未发现紧急情况"),
}
# What a reason's values are, in the order its code carries them (see Priority.code).
_VALUES = {"third_parties": ("targets",), "per_day": ("count",), "night_count": ("count",), "deadline_passed": ("date",),
           "deadline_soon": ("count", "date")}


@dataclass(frozen=True)
class Priority:
    score: int
    factors: tuple[tuple[str, tuple[str, ...]], ...]  # (reason code, its values), most serious first

    @property
    def level(self) -> int:
        return self.score // 100

    @property
    def code(self) -> str:
        """The reasons as the case stores them (Case.priority_reason), whatever language staff read them in:
        `third_parties=family+employer;per_day=40`. reason_text() turns it into words."""
        return ";".join(f"{name}={'+'.join(values)}" if values else name for name, values in self.factors)

    @property
    def reason(self) -> str:
        return reason_text(self.code, "zh-hans")


def priority_level(score) -> int:
    """The level (0-4, above) of a stored score (Case.priority)."""
    return min(4, max(0, int(score or 0) // 100))


def _value_text(kind: str, value: str, language: str) -> str:
    if kind == "targets":
        return vocabulary.labels("TARGETS", value.split("|"), language)
    if kind == "date":
        return dateformat.format(dt.date.fromisoformat(value), pgettext("triage date", "n月j日"))
    return value


def reason_text(code: str, language: str | None = None) -> str:
    """The stored reasons (Priority.code) in words, in `language` (default: the active one); a reason stored before
    reasons were codes is shown as it was written."""
    language = language or translation.get_language() or "zh-hans"
    # The queue shows a reason on each of its 50 rows in the active language: switching to it again costs more than
    # the words themselves.
    with contextlib.nullcontext() if language == translation.get_language() else translation.override(language):
        parts = []
        for item in filter(None, code.split(";")):
            name, _sep, raw = item.partition("=")
            if name not in REASONS:
                return code
            values = dict(zip(_VALUES.get(name, ()), raw.split("+") if raw else (), strict=False))
            parts.append(str(REASONS[name]) % {kind: _value_text(kind, value, language) for kind, value in values.items()})
    return ("; " if language.startswith("en") else "；").join(parts)


def compute_priority(data: dict, log: LogAnalysis, *, today: dt.date, next_deadline: dt.date | None,
                     reported_worse: bool = False) -> Priority:
    """The case's triage score (0-499) and the reasons, most serious first. `reported_worse`: the borrower's latest
    check-in answer (complaints.check_ins) said the harassment got worse."""
    harassment = data.get("harassment") or {}
    content = set(harassment.get("content") or [])
    factors: dict[int, list[tuple[str, tuple[str, ...]]]] = {4: [], 3: [], 2: [], 1: []}

    if (data.get("safety") or {}).get("in_danger_now"):
        factors[4].append(("in_danger", ()))
    if "threat_violence" in content:
        factors[4].append(("threat_violence", ()))

    third_parties = (set(harassment.get("targets") or []) | {target for target, _count in log.third_parties}) & set(THIRD_PARTY_TARGETS)
    if third_parties:
        factors[3].append(("third_parties", ("|".join(key for key in THIRD_PARTY_TARGETS if key in third_parties),)))

    per_day = max(int(harassment.get("max_per_day") or 0), log.max_per_day)
    if per_day >= HIGH_VOLUME_PER_DAY:
        factors[2].append(("per_day", (str(per_day),)))
    if "verification_code_bombing" in (harassment.get("channels") or []):
        factors[2].append(("bombing", ()))
    if log.night_total:
        factors[2].append(("night_count", (str(log.night_total),)))
    elif harassment.get("night_contact"):
        factors[2].append(("night", ()))
    if reported_worse:
        factors[2].append(("worse", ()))

    if next_deadline is not None:
        days_left = (next_deadline - today).days
        if days_left < 0:
            factors[1].append(("deadline_passed", (next_deadline.isoformat(),)))
        elif days_left == 0:
            factors[1].append(("deadline_today", ()))
        elif days_left <= DEADLINE_SOON_DAYS:
            factors[1].append(("deadline_soon", (str(days_left), next_deadline.isoformat())))

    present = [level for level in (4, 3, 2, 1) if factors[level]]
    if not present:
        return Priority(score=0, factors=(("nothing", ()),))
    top = present[0]
    # Lower-level factors order cases within the top level: 3 → 30 points, 2 → 20, 1 → 10; volume adds up to 9.
    score = top * 100 + sum(level * 10 for level in present[1:]) + min(9, per_day // HIGH_VOLUME_PER_DAY)
    return Priority(score=score, factors=tuple(factor for level in present for factor in factors[level]))


def deadline_from_case_file(case_file: dict, *, today: dt.date) -> dt.date | None:
    """The earliest end of a waiting period that still matters, or None.

    Each step taken may start a period (the engine's plan as of that step's date says which action waits
    and until when). A period keeps its end date after it passes, which is how the deadlines page lists
    periods that ended without a reply; it stops mattering once the action that waited on it has been
    taken or no longer applies. So an unanswered lender complaint stays overdue while the regulator
    complaint is not made, whatever the borrower did meanwhile on another front (the carrier, the police).
    """
    # The log's facts are merged into `harassment` once, so the many plans below need not read the log again.
    case_file = {key: value for key, value in with_log_facts(case_file).items() if key not in ("log", "today")}
    step_dates = sorted({step["on"] for step in case_file.get("steps_taken") or [] if step.get("on")})
    ends: dict[str, str] = {}
    for as_of in [*step_dates, today.isoformat()]:
        for action in plan(case_file, today=dt.date.fromisoformat(as_of))["actions"]:
            if action["status"] == "waiting" and action.get("until"):
                ends.setdefault(action["action"], action["until"])
    still_open = {action["action"] for action in plan(case_file, today=today)["actions"]
                  if action["status"] in ("waiting", "do_now")}
    open_ends = [until for action, until in ends.items() if action in still_open]
    return dt.date.fromisoformat(min(open_ends)) if open_ends else None
