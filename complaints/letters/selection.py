"""Which letters a case calls for: those of the plan's actions that apply (guidance.engine.plan), in the plan's
order, with one carrier letter and one appeal per carrier of the harassing numbers."""

from dataclasses import dataclass

from complaints.letters.compose import letter_targets
from complaints.letters.facts import LetterCase
from guidance.engine import plan


@dataclass(frozen=True)
class ApplicableLetter:
    kind: str
    target: str
    status: str  # the plan's status of the action: do_now | waiting | later | done
    until: str = ""  # ISO date a waiting period runs until


def applicable_letters(case: dict, letters: LetterCase | None = None) -> list[ApplicableLetter]:
    """The letters of a checked case file, in the order the borrower should use them; a letter to one carrier has
    that carrier's own status in the plan (engine `targets`), so a complaint recorded for 中国联通 leaves 中国移动's open.
    `letters`: the case file's compose.letter_case when the caller made it already (its log is analysed once)."""
    targets = letter_targets(letters or case)
    result = []
    for entry in plan(case)["actions"]:
        if not entry.get("letter") or entry["status"] == "not_applicable":
            continue
        by_target = {item["target"]: item for item in entry.get("targets", ())}
        for kind, target in targets:
            if kind != entry["letter"]:
                continue
            own = by_target.get(target, entry)
            if own["status"] != "not_applicable":
                result.append(ApplicableLetter(kind=kind, target=target, status=own["status"], until=own.get("until", "")))
    return result


def applicable_targets(case: dict) -> list[tuple[str, str]]:
    return [(item.kind, item.target) for item in applicable_letters(case)]
