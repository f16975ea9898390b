"""The affordable offer for negotiating repayment: half of what is left after essentials, rounded down to ten yuan."""

import pytest

from guidance import negotiation
from guidance.negotiation import Offer, affordable_offer, offer_for_case, paid_services_warning


@pytest.mark.parametrize(("income", "spending", "owed", "expected"), [
    (6000, 4000, 12000, Offer(left_each_month=2000, monthly=1000, instalments=12, long_plan=False)),
    # Rounded down to ten yuan; the last instalment is smaller.
    (5000, 3333, 10000, Offer(left_each_month=1667, monthly=830, instalments=13, long_plan=False)),
    # Nothing left: no amount is proposed, and no instalments.
    (3000, 3000, 8000, Offer(left_each_month=0, monthly=0, instalments=None, long_plan=False)),
    (3000, 3500, 8000, Offer(left_each_month=-500, monthly=0, instalments=None, long_plan=False)),
    # Without the amount owed: the monthly amount only.
    (8000, 5000, None, Offer(left_each_month=3000, monthly=1500, instalments=None, long_plan=False)),
    # A plan longer than five years is flagged.
    (4000, 3800, 10000, Offer(left_each_month=200, monthly=100, instalments=100, long_plan=True)),
])
def test_affordable_offer(income, spending, owed, expected):
    assert affordable_offer(monthly_income=income, essential_spending=spending, amount_owed=owed) == expected


def test_the_rule_never_offers_more_than_what_is_left():
    for income in range(0, 20000, 370):
        for spending in range(0, 20000, 530):
            offer = affordable_offer(monthly_income=income, essential_spending=spending, amount_owed=50000)
            assert 0 <= offer.monthly <= max(0, income - spending) * negotiation.SHARE_OF_WHAT_IS_LEFT
            assert offer.monthly % negotiation.ROUND_DOWN_TO == 0
            if offer.instalments:
                assert offer.monthly * offer.instalments >= 50000 > offer.monthly * (offer.instalments - 1)


def test_offer_for_case_needs_both_monthly_figures():
    assert offer_for_case({}) is None
    assert offer_for_case({"negotiation": {"monthly_income": 5000}}) is None
    assert offer_for_case({"negotiation": {"monthly_income": 5000, "essential_spending": 3000}}).monthly == 1000


def test_the_warning_is_the_ladders_own_note():
    warning = paid_services_warning()
    for word in ("反催收", "债务优化", "停息挂账", "征信修复"):
        assert word in warning.zh
    assert "debt optimisation" in warning.en
