"""What a borrower can offer when she negotiates repayment (action `negotiate_repayment`): a monthly amount she can
keep paying and the number of instalments it takes. Pure: no database, no request.

The rule is a rule of thumb, advice and not law: offer at most half of what is left each month after essential
spending, rounded down to ten yuan, so that an unexpected expense does not break the plan; a plan that holds is worth
more to both sides than a larger one that fails. No law in Zhirao's law texts sets what a lender must accept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from guidance import ladder as ladders

# Advice, not law: the share of what is left after essential spending to offer, and the rounding.
SHARE_OF_WHAT_IS_LEFT = 0.5
ROUND_DOWN_TO = 10
# Past this many monthly instalments the plan is long enough to ask legal aid (12348) before offering it.
LONG_PLAN_MONTHS = 60


@dataclass(frozen=True)
class Offer:
    left_each_month: int  # income minus essential spending (may be negative)
    monthly: int  # the proposed monthly amount; 0 when nothing is left
    instalments: int | None  # months to repay `amount_owed` at `monthly`; None without an amount or a monthly amount
    long_plan: bool  # instalments above LONG_PLAN_MONTHS


def affordable_offer(*, monthly_income: int, essential_spending: int, amount_owed: int | None = None) -> Offer:
    """The offer for these monthly figures (whole yuan): half of what is left, rounded down to ten yuan, and the
    instalments it takes to repay `amount_owed` (the last one smaller)."""
    left = monthly_income - essential_spending
    monthly = max(0, int(left * SHARE_OF_WHAT_IS_LEFT) // ROUND_DOWN_TO * ROUND_DOWN_TO)
    instalments = math.ceil(amount_owed / monthly) if amount_owed and monthly else None
    return Offer(left_each_month=left, monthly=monthly, instalments=instalments,
                 long_plan=instalments is not None and instalments > LONG_PLAN_MONTHS)


def offer_for_case(case: dict) -> Offer | None:
    """The offer for a case file's `negotiation` section, or None until income and essential spending are given."""
    figures = case.get("negotiation") or {}
    if "monthly_income" not in figures or "essential_spending" not in figures:
        return None
    return affordable_offer(monthly_income=figures["monthly_income"], essential_spending=figures["essential_spending"],
                            amount_owed=figures.get("amount_owed"))


def paid_services_warning(ladder: ladders.Ladder | None = None) -> ladders.Text:
    """The ladder's own warning against paid "反催收/债务优化/停息挂账/征信修复" services: the note that
    negotiate_repayment carries for everyone who wants to negotiate (read from the reviewed ladder, not copied)."""
    ladder = ladder or ladders.load()
    wants_to_negotiate = {"wants": ["negotiate_repayment"]}
    return next(note.text for note in ladder.action("negotiate_repayment").notes if note.when(wants_to_negotiate))
