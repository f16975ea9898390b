"""A zhirao-plan/1 plan (facts.md) turned into what the plan page shows: cards grouped by status, in the
borrower's language, with the law each step rests on (the article text from ../shared/law, marked when it is
a secondary text) and the waiting days counted from the plan's day."""

from __future__ import annotations

import datetime as dt
import functools

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance import law, vocabulary
from guidance.phones import CARRIER_NAMES_EN

# The documents of facts.md's action table, named the way the borrower will see them.
LETTER_TITLES = {
    "collector_cease": _("要求停止违规催收函"),
    "lender_complaint": _("致放贷机构的投诉信"),
    "pipl_request": _("个人信息权利请求书"),
    "repayment_proposal": _("协商还款方案"),
    "carrier_complaint": _("致运营商的投诉信"),
    "report_12321": _("12321 举报内容"),
    "miit_appeal": _("电信用户申诉书"),
    "regulator_complaint": _("致金融监管部门的投诉信"),
    "police_report": _("报案材料"),
    "civil_complaint": _("民事起诉状和证据目录"),
    "consumer_association_complaint": _("致消费者协会的投诉信"),
    "evidence_list": _("证据目录"),
}
STATUS_ORDER = ("do_now", "waiting", "later", "done", "not_applicable")
FIRST_STEPS = 3  # how many steps of "do now" the plan shows first, each with its button
# How one carrier's own status reads where an action is split by carrier (engine.PER_CARRIER_ACTIONS).
TARGET_STATUS = {"do_now": _("现在就做"), "waiting": _("等待答复"), "later": _("需要先完成前一步"), "done": _("已做"),
                 "not_applicable": _("不适用")}


def _in(entry: dict, key: str, language: str):
    """A field of the plan in the borrower's language: the engine writes Chinese in `key`, English in `key_en`."""
    if language.startswith("en") and entry.get(f"{key}_en"):
        return entry[f"{key}_en"]
    return entry.get(key)


def citation_view(citation: dict, language: str | None = None) -> dict:
    """A citation with the law's title and article in `language` (default: the active one) and the article text
    (always the Chinese original) to show one tap away."""
    return dict(_citation_view(citation["law"], citation["article"], bool(citation.get("secondary")),
                               language or get_language() or ""))


@functools.lru_cache(maxsize=2048)  # a few hundred cited articles in the reviewed data, times two languages
def _citation_view(stem: str, label: str, secondary: bool, language: str) -> dict:
    """citation_view, kept once per article and language: it is read from the reviewed law texts alone (published
    versions never change in place), and every plan shows dozens. Callers get a copy."""
    text, complete = law.article_excerpt(stem, label)
    return {
        "law": stem, "article": vocabulary.article_label(label, language),
        "title": vocabulary.law_title(stem, law.law_title(stem), language), "text": text,
        "secondary": secondary or law.is_secondary(stem) or not complete,
    }


def _carrier_name(carrier: str, language: str) -> str:
    return CARRIER_NAMES_EN.get(carrier, carrier) if language.startswith("en") else carrier


def _addressee(addressee: dict | None, language: str) -> dict:
    if not addressee:  # every key still there, empty: see plan_sections
        return {"name": None, "hotline": None, "channel": None, "note": None, "numbers": [], "alternatives": []}
    return {
        "name": _in(addressee, "name", language),
        "hotline": addressee.get("hotline"),
        "channel": _in(addressee, "channel", language),
        "note": _in(addressee, "note", language),
        "numbers": addressee.get("numbers", []),
        "alternatives": [
            {"name": _in(alt, "name", language), "hotline": alt.get("hotline"), "when": _in(alt, "when", language)}
            for alt in addressee.get("alternatives", [])
        ],
    }


def plan_sections(plan: dict, today: dt.date, language: str) -> dict:
    """{"urgent": [cards], "next": card or None, "do_now": […], "waiting": […], "later": […], "done": […],
    "not_applicable": […]}, each in the plan's own order (urgent actions only in "urgent").

    Every card has every key guidance.plan_card reads, empty where it has nothing."""
    titles = {action["action"]: _in(action, "title", language) or action["action"] for action in plan["actions"]}
    cards = []
    for action in plan["actions"]:
        until = dt.date.fromisoformat(action["until"]) if action.get("until") else None
        cards.append({
            "id": action["action"],
            "title": titles[action["action"]],
            "status": action["status"],
            "why": _in(action, "why", language) or "",
            "for_legal_workers": _in(action, "for_legal_workers", language) or "",
            "until": until,
            "days_left": (until - today).days if until else None,
            "needs": [titles.get(need, need) for need in action.get("needs", [])],
            "letter": LETTER_TITLES.get(action["letter"], action["letter"]) if action.get("letter") else None,
            "letter_kind": action.get("letter"),
            # Where the case hub links the card's document or the negotiation page (complaints.presenters.case_plan).
            "letter_url": "", "negotiation_url": "",
            "addressee": _addressee(action.get("addressee"), language),
            "citations": [citation_view(citation, language) for citation in action.get("citations", [])],
            "targets": [{"target": target["target"], "name": _carrier_name(target["target"], language), "numbers": target["numbers"],
                         "status": TARGET_STATUS[target["status"]], "open": target["status"] == "do_now",
                         "until": dt.date.fromisoformat(target["until"]) if target.get("until") else None, "letter_url": ""}
                        for target in action.get("targets", [])],
        })
    court = plan.get("court_deadline")
    if court:
        until = dt.date.fromisoformat(court["until"])
        court = {"title": _in(court, "title", language), "until": until, "days_left": (until - today).days,
                 "received_on": dt.date.fromisoformat(court["received_on"]), "verified": court["verified"],
                 "why": _in(court, "why", language), "for_legal_workers": _in(court, "for_legal_workers", language) or "",
                 "citations": [citation_view(c, language) for c in court["citations"]]}
    urgent = plan.get("urgent", [])
    sections = {status: [c for c in cards if c["status"] == status and c["id"] not in urgent] for status in STATUS_ORDER}
    sections["urgent"] = [c for c in cards if c["id"] in urgent]
    sections["next"] = next((c for c in cards if c["id"] == plan.get("next")), None)
    # The plan leads with the few things to do first; the other steps of "do now" wait in a fold below them.
    sections["first"], sections["do_now_rest"] = sections["do_now"][:FIRST_STEPS], sections["do_now"][FIRST_STEPS:]
    sections["court_deadline"] = court
    return sections
