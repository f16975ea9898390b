"""The action plan for a stored case, as the case hub shows it (the guidance flow's cards, plus links to the letters)."""

import logging
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language

from complaints.letters.compose import letter_targets
from complaints.letters.registry import all_kinds
from complaints.selectors.case_file import case_file_for
from guidance import clock, engine, presentation
from guidance.schema import CaseFileError

logger = logging.getLogger("zhirao.cases")


def case_plan_sections(case, *, evidence: dict | None = None) -> dict | None:
    """presentation.plan_sections for the case as it is stored now (what the log proves is already merged into its
    sections, so the plan's cost does not grow with the log), each card with `letter_url`
    where its document is made: the letters area for a letter, the evidence page for the evidence list (证据目录);
    None if the stored file no longer passes the contract (logged). `evidence`: its evidence_held, if read already."""
    today = clock.today()
    try:
        case_file = case_file_for(case, today=today, with_log=False, evidence=evidence)
    except CaseFileError as error:
        logger.warning("case %s: stored case file fails the contract: %s", case.pk, error.line("en"))
        return None
    plan = engine.plan(case_file, today=today)
    sections = presentation.plan_sections(plan, today, get_language() or "zh-hans")
    letter_kinds = all_kinds()
    letters = {action["action"]: action.get("letter") for action in plan["actions"]}
    targets = letter_targets(case_file)
    for group in ("urgent", "do_now", "waiting", "later", "done"):
        for card in sections[group]:
            kind = letters.get(card["id"])
            if kind in letter_kinds:
                card["letter_url"] = _letter_url(case.pk, kind, [target for each, target in targets if each == kind])
                for target in card["targets"]:
                    if (kind, target["target"]) in targets:
                        target["letter_url"] = _letter_url(case.pk, kind, [target["target"]])
            elif card["id"] == "preserve_evidence":
                card["letter_url"] = reverse("evidence:list", kwargs={"case_id": case.pk})
            if card["id"] == "negotiate_repayment":
                card["negotiation_url"] = reverse("cases:negotiation", kwargs={"case_id": case.pk})
    sections["today"] = today
    return sections


def _letter_url(case_id: int, kind: str, targets: list[str]) -> str:
    """The letter's own page; a kind the case has for several addressees (one per carrier) links its list instead."""
    if len(targets) > 1:
        return reverse("letters:list", kwargs={"case_id": case_id})
    url = reverse("letters:preview", kwargs={"case_id": case_id, "kind": kind})
    return f"{url}?{urlencode({'to': targets[0]})}" if targets and targets[0] else url
