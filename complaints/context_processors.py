"""Template context every page may use."""

from complaints.selectors import help_clinic_for


def help_clinic(request):
    """On a page of a case the borrower shared, the clinic's contact goes in the help strip (base.html)."""
    match = getattr(request, "resolver_match", None)
    case_id = match.kwargs.get("case_id") if match else None
    user = getattr(request, "user", None)
    if case_id is None or user is None or not user.is_authenticated:
        return {}
    return {"help_clinic": help_clinic_for(user=user, case_id=case_id)}
