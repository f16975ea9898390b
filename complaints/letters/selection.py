"""Which letters a case calls for: one per action of the plan that produces one, one per carrier for carrier letters."""

from complaints.letters import facts as f
from complaints.letters.compose import letter_targets

# Letters that only make sense when the borrower asked for what they request.
_NEEDS = {
    "repayment_proposal": lambda found: "wants_negotiate_repayment" in found,
    "pipl_request": lambda found: bool({"contact_list_used", "third_parties_contacted", "wants_delete_my_data"} & found),
}


def applicable_targets(case: dict) -> list[tuple[str, str]]:
    """(kind, target) pairs for this case, in the order the borrower should use them."""
    found = f.conditions(case)
    return [(kind, target) for kind, target in letter_targets(case) if _NEEDS.get(kind, lambda _found: True)(found)]
