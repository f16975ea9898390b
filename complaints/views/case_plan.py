"""The action plan for a stored case, as the case hub shows it (the guidance flow's cards, plus links to the letters)."""

import logging

from django.urls import reverse
from django.utils.translation import get_language

from complaints.letters.registry import all_kinds
from complaints.selectors.case_file import case_file_for
from guidance import clock, engine, presentation
from guidance.schema import CaseFileError

logger = logging.getLogger("zhirao.cases")


def case_plan_sections(case) -> dict | None:
    """presentation.plan_sections for the case as it is stored now (log included), each card with `letter_url`
    where its document is made: the letters area for a letter, the evidence page for the evidence list (证据目录);
    None if the stored file no longer passes the contract (logged)."""
    today = clock.today()
    try:
        case_file = case_file_for(case, today=today)
    except CaseFileError as error:
        logger.warning("case %s: stored case file fails the contract: %s", case.pk, error.line("en"))
        return None
    plan = engine.plan(case_file, today=today)
    sections = presentation.plan_sections(plan, today, get_language() or "zh-hans")
    letter_kinds = all_kinds()
    letters = {action["action"]: action.get("letter") for action in plan["actions"]}
    for group in ("urgent", "do_now", "waiting", "later", "done"):
        for card in sections[group]:
            kind = letters.get(card["id"])
            if kind in letter_kinds:
                card["letter_url"] = reverse("letters:preview", kwargs={"case_id": case.pk, "kind": kind})
            elif card["id"] == "preserve_evidence":
                card["letter_url"] = reverse("evidence:list", kwargs={"case_id": case.pk})
    sections["today"] = today
    return sections
