"""Negotiation as the pages show it: the ladder's warning against paid debt "optimisation" services in the page's
language, and the offer a case's own figures give (guidance.negotiation), wherever negotiation appears."""

from django.utils.translation import get_language

from guidance import negotiation


def warning_text() -> str:
    """The ladder's warning against paid services, in the UI language."""
    text = negotiation.paid_services_warning()
    return text.en if (get_language() or "").startswith("en") else text.zh


def offer_context(case_data: dict) -> dict:
    """What a page about negotiating shows: the warning, the offer of her figures (None until she gives them) and
    the rule of thumb that computed it."""
    return {"warning": warning_text(), "offer": negotiation.offer_for_case(case_data),
            "share_percent": round(negotiation.SHARE_OF_WHAT_IS_LEFT * 100), "round_to": negotiation.ROUND_DOWN_TO,
            "long_plan_months": negotiation.LONG_PLAN_MONTHS}
