"""What every staff read starts from: the clinic's cases (shared with it, not withdrawn) and its members.

Every function takes the ids of the clinics the user works for (complaints.selectors.access.clinic_access)
and reads only cases with an active share to one of them. Counts across clinics are numbers only: they never
name or link another clinic's client.
"""

from complaints.models import Case, CaseShare, ClinicMembership, User


def active_shares(clinic_ids):
    """The clinics' shares that the borrower has not withdrawn (what every staff read starts from)."""
    return CaseShare.objects.filter(clinic_id__in=clinic_ids, withdrawn_at__isnull=True)


def clinic_case_total(clinic_ids) -> int:
    """How many cases the clinics hold, from the index of active shares (no scan of the cases)."""
    shares = active_shares(clinic_ids)
    return shares.count() if len(clinic_ids) == 1 else shares.values("case_id").distinct().count()


def clinic_cases(clinic_ids):
    """Cases shared with one of the clinics and not withdrawn."""
    return Case.objects.filter(pk__in=active_shares(clinic_ids).values("case_id"))


def clinic_memberships(clinic_id):
    """The clinic's team page: every membership, by login name."""
    return ClinicMembership.objects.filter(clinic_id=clinic_id).select_related("user", "clinic").order_by("user__username")


def clinic_members(clinic_ids):
    """Active staff of the clinics, for the assignee list."""
    return (User.objects.filter(clinic_memberships__clinic_id__in=clinic_ids, is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))


def display_name(user) -> str:
    return person_name(last_name=user.last_name, first_name=user.first_name, username=user.username)


def person_name(*, last_name: str, first_name: str, username: str) -> str:
    """A colleague as staff pages name them: family then given name, run together; the login name without either
    (display_name, from the three fields, for a page that reads them as values rather than users)."""
    return f"{last_name}{first_name}" or username


def joint_consent_shares(clinic_ids):
    """Active shares with the clinics whose client also agreed, separately, to be named in their joint complaints."""
    return active_shares(clinic_ids).filter(joint_consented_at__isnull=False, joint_withdrawn_at__isnull=True)
