"""The one gate: every view reaches a case, an evidence file, a clinic or a clinic's member only through here.

Built like Zulip's `access_stream_by_id` over `access_stream_common`: each `*_access` function loads the
object and hands it to one common check with explicit flags, one condition per line, so coverage shows each
branch tested. A case (or evidence file) the user may not reach is a 404 whether it exists or not: a stranger
cannot learn that it exists. A clinic page refused is a 403 (being clinic staff is not a secret; a clinic's
cases are, and they stay 404).
"""

import enum
import hmac

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.http import Http404

from complaints.models import Case, CaseShare, Clinic, ClinicMembership, Evidence, EvidenceLink, ThirdPartyUpload
from complaints.selectors.sql_names import quoted_names


class CaseAs(enum.Enum):
    """Who the user must be to reach a case."""

    # The borrower who owns it: sharing, export, delete. Clinic staff who see the case still get 404.
    OWNER = "owner"
    # The owner, or staff of any clinic the case is shared with (share not withdrawn): the case's own pages.
    OWNER_OR_STAFF = "owner_or_staff"
    # Staff of the clinic they are working for (clinic_access), the case shared with it: the staff desk.
    # Owning the case gives nothing here.
    STAFF = "staff"
    # Rewriting or deleting the borrower's own records (case sections, steps, log entries, evidence
    # descriptions, a letter's inputs): the owner; staff of a clinic it is shared with only while it is a walk-in case no
    # borrower has claimed (they hold it for the client until then). Once a borrower owns it, staff add
    # and annotate but get 404 here, like on owner pages: the log is the evidence letters are built from.
    EDITOR = "editor"


def clinic_ids_for_staff(user) -> list[int]:
    """The clinics `user` is a member of, in a stable order (by id); empty for anyone who is not clinic staff."""
    return list(ClinicMembership.objects.filter(user=user).order_by("clinic_id").values_list("clinic_id", flat=True))


def _reached_as_staff(user, *, clinic: Clinic | None) -> RawSQL:
    """The query's own case has a share, not withdrawn, with a clinic `user` is a member of (only `clinic`, when
    given): the one statement of that rule, for the gate's one query and for case_visible_to_staff.

    Written out rather than Exists(…): every page of a case passes the gate, and building the ORM subquery cost
    about as much CPU as the rest of the query. Only the models' quoted names go into the text; the user's (and
    the clinic's) id are parameters."""
    case_table, case_columns = quoted_names(Case)
    share_table, share = quoted_names(CaseShare)
    membership_table, membership = quoted_names(ClinicMembership)
    sql = (f"EXISTS (SELECT 1 FROM {share_table} INNER JOIN {membership_table}"  # noqa: S608 (names only, quoted_names)
           f" ON {membership_table}.{membership['clinic']} = {share_table}.{share['clinic']}"
           f" WHERE {share_table}.{share['case']} = {case_table}.{case_columns['id']} AND {share_table}.{share['withdrawn_at']} IS NULL"
           f" AND {membership_table}.{membership['user']} = %s")
    params = [user.pk]
    if clinic is not None:
        sql += f" AND {share_table}.{share['clinic']} = %s"
        params.append(clinic.pk)
    return RawSQL(sql + ")", params, output_field=BooleanField())  # noqa: S611 (names only; values are parameters)


def _case_access_common(case: Case | None, *, user, allow_owner: bool, staff_only_unowned: bool = False) -> Case:
    if not user.is_authenticated:
        raise Http404
    if case is None:
        raise Http404
    if allow_owner and case.owner_id == user.pk:
        return case
    if staff_only_unowned and case.owner_id is not None:
        raise Http404
    if case.reached_as_staff:
        return case
    raise Http404


def case_access(*, user, case_id, as_: CaseAs = CaseAs.OWNER_OR_STAFF, clinic: Clinic | None = None,
                for_update: bool = False) -> Case:
    """The case, if `user` may reach it as `as_`; Http404 otherwise, for a missing case too. One query.

    With `as_=CaseAs.STAFF`, `clinic` is the clinic the user works for (from clinic_access); their membership
    of it is checked again here, so the gate does not trust its caller.
    """
    if as_ is CaseAs.STAFF and clinic is None:
        raise TypeError("case_access(as_=CaseAs.STAFF) needs the clinic the user works for")
    if not user.is_authenticated:
        return _case_access_common(None, user=user, allow_owner=False)
    cases = Case.objects.select_for_update(of=("self",)) if for_update else Case.objects.all()
    if as_ is CaseAs.STAFF:
        cases = cases.select_related("assignee", "owner")
    if as_ is CaseAs.OWNER:
        reached_as_staff = Value(False)
    else:
        reached_as_staff = _reached_as_staff(user, clinic=clinic if as_ is CaseAs.STAFF else None)
    case = next(iter(cases.annotate(reached_as_staff=reached_as_staff).filter(pk=case_id)[:1]), None)
    return _case_access_common(case, user=user, allow_owner=as_ is not CaseAs.STAFF, staff_only_unowned=as_ is CaseAs.EDITOR)


def case_may_rewrite(*, user, case: Case) -> bool:
    """Whether `user`, who reached `case`, may also rewrite or delete its records (CaseAs.EDITOR): for
    pages that show edit and delete links only to who can use them, and refuse (403) a staff POST on a page
    staff may read but not change (an evidence description, a letter's inputs)."""
    return case.owner_id == user.pk or (case.owner_id is None and case_visible_to_staff(user=user, case=case))


def evidence_access(*, user, case_id, evidence_id, as_: CaseAs = CaseAs.OWNER_OR_STAFF) -> Evidence:
    """One evidence file of a case `user` reaches as `as_` (case_access); Http404 otherwise."""
    case = case_access(user=user, case_id=case_id, as_=as_)
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    evidence.case = case
    return evidence


def evidence_link_access(*, user, case_id, link_id) -> EvidenceLink:
    """One upload link of a case `user` may rewrite (CaseAs.EDITOR: it adds to the borrower's records); Http404 otherwise."""
    case = case_access(user=user, case_id=case_id, as_=CaseAs.EDITOR)
    link = case.evidence_links.filter(pk=link_id).first()
    if link is None:
        raise Http404
    link.case = case
    return link


def third_party_upload_access(*, user, case_id, upload_id) -> ThirdPartyUpload:
    """One third-party upload still waiting in a case `user` may rewrite (CaseAs.EDITOR); Http404 otherwise, for one
    already accepted or rejected too."""
    case = case_access(user=user, case_id=case_id, as_=CaseAs.EDITOR)
    upload = case.third_party_uploads.waiting().filter(pk=upload_id).first()
    if upload is None:
        raise Http404
    upload.case = case
    return upload


def evidence_link_by_token(*, token: str) -> EvidenceLink:
    """The link whose secret is `token`, for anyone who holds it (no account: the secret is the permission); Http404
    for any other string. Only the secret's SHA-256 is stored: the row is found by it and the digests compared in
    constant time. The caller still checks `usable` (an expired or withdrawn link answers 410, not its page)."""
    if not 20 <= len(token) <= 100:
        raise Http404
    digest = EvidenceLink.token_digest(token)
    link = EvidenceLink.objects.filter(token_hash=digest).first()
    if link is None:
        raise Http404
    if not hmac.compare_digest(link.token_hash, digest):
        raise Http404
    return link


def case_visible_to_staff(*, user, case: Case) -> bool:
    """True when `user` reads `case` as clinic staff (their reads are audited): not its owner, and staff of a
    clinic it is shared with. Both are checked, so the answer holds for any user, not only one who passed case_access."""
    if case.owner_id == user.pk:
        return False
    return Case.objects.filter(_reached_as_staff(user, clinic=None), pk=case.pk).exists()


def clinic_access(*, user, clinic_id=None, as_admin: bool = False) -> Clinic:
    """The clinic `user` works for: `clinic_id` if they are a member of it (an admin, with `as_admin`), or, without
    `clinic_id`, their first such clinic by id. PermissionDenied for anyone else, for a missing clinic too.

    One query. The clinic comes with `member_of`: all the user's clinics by id (the header's choice of clinic).
    """
    if not user.is_authenticated:
        raise PermissionDenied
    if not user.is_active:
        raise PermissionDenied
    memberships = list(ClinicMembership.objects.filter(user=user).select_related("clinic").order_by("clinic_id"))
    allowed = memberships
    if as_admin:
        allowed = [membership for membership in allowed if membership.role == ClinicMembership.Role.CLINIC_ADMIN]
    if clinic_id is not None:
        allowed = [membership for membership in allowed if membership.clinic_id == clinic_id]
    if not allowed:
        raise PermissionDenied
    clinic = allowed[0].clinic
    clinic.member_of = [membership.clinic for membership in memberships]
    return clinic


def clinic_membership_access(*, user, membership_id, clinic_id=None) -> ClinicMembership:
    """A member of the clinic `user` administers (clinic_access with as_admin, else 403); Http404 for a member of
    any other clinic."""
    clinic = clinic_access(user=user, clinic_id=clinic_id, as_admin=True)
    membership = ClinicMembership.objects.select_related("user").filter(pk=membership_id, clinic=clinic).first()
    if membership is None:
        raise Http404
    return membership
