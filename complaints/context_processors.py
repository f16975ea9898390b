"""Template context every page may use."""

from django.utils.functional import SimpleLazyObject

from complaints.database_ids import MAX_DATABASE_ID
from complaints.selectors import help_clinic_for


def help_clinic(request):
    """The clinic's contact goes in the help strip (base.html): the clinic of this case on a case's pages,
    else of the borrower's latest shared case.

    Lazy, read once when the page first uses it: a view that has read the case's shares already passes its own
    `help_clinic` (case_detail), which hides this one, so the query is not run again."""
    match = getattr(request, "resolver_match", None)
    case_id = match.kwargs.get("case_id") if match else None
    if not isinstance(case_id, int) or not 0 < case_id <= MAX_DATABASE_ID:
        case_id = None  # a typed URL's id beyond any row (beyond 64 bits: the database could not even compare it)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or (match and match.namespace == "staff"):
        return {}  # staff pages are the clinic's own
    return {"help_clinic": SimpleLazyObject(lambda: help_clinic_for(user=user, case_id=case_id))}
