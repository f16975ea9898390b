"""Which letters a case calls for: those of the plan's actions that apply (guidance.engine.plan), in the plan's
order, with one carrier letter and one appeal per carrier of the harassing numbers."""

from dataclasses import dataclass

from complaints.letters.compose import letter_targets
from guidance.engine import plan


@dataclass(frozen=True)
class ApplicableLetter:
    kind: str
    target: str
    status: str  # the plan's status of the action: do_now | waiting | later | done
    until: str = ""  # ISO date a waiting period runs until


def applicable_letters(case: dict) -> list[ApplicableLetter]:
    """The letters of a checked case file, in the order the borrower should use them."""
    targets = letter_targets(case)
    return [
        ApplicableLetter(kind=entry["letter"], target=target, status=entry["status"], until=entry.get("until", ""))
        for entry in plan(case)["actions"] if entry.get("letter") and entry["status"] != "not_applicable"
        for kind, target in targets if kind == entry["letter"]
    ]


def applicable_targets(case: dict) -> list[tuple[str, str]]:
    return [(item.kind, item.target) for item in applicable_letters(case)]
