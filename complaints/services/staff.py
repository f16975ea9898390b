"""Writes by clinic staff: reads of a case recorded, notes, assignment, status, walk-in cases and claim codes, the team.

Every function here is atomic and writes an audit row in the same transaction (who, what, old, new).
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import Case, CaseNote, CaseShare, ClaimCode, Clinic, ClinicMembership, User
from complaints.selectors.staff_clinic import display_name
from complaints.services.audit import audit_digest, audit_record
from complaints.services.cases import case_create, case_share_create
from complaints.services.numbers import shared_numbers_sync
from guidance.phones import normalize_number

CLAIM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over a desk
CLAIM_CODE_LENGTH = 10
CLAIM_CODE_DAYS = 30
ONE_TIME_PASSWORD_GROUPS = 3
ONE_TIME_PASSWORD_GROUP = 4
WALK_IN_CONSENT = "当面委托：求助人到访本机构，同意本机构工作人员为其建立案件并处理。"
# Read out at the desk before the box is ticked; stored word for word (CaseShare.joint_consent_text), as on
# the borrower's share page (complaints.forms.sharing.JOINT_CONSENT_TEXT) it is the text they agree to.
WALK_IN_JOINT_CONSENT = gettext_lazy(
    "当面同意纳入联合投诉：工作人员已向求助人说明，求助人同意本机构把其姓名、手机号、案件编号和被骚扰的情况"
    "（催收号码、放贷机构、联系次数、联系其亲友或同事的次数、第一次和最近一次被联系的时间）写入针对同一催收号码或放贷机构的"
    "联合投诉材料，提交给监管部门、电信运营商或公安机关；材料不包括证据文件和短信原文。求助人可以随时撤回，已经提交的材料无法收回。"
)


# --- case work ---

# One INSERT: atomic by itself; inside a caller's transaction it commits or rolls back with it (no savepoint, so
# the read of a case page stays one query).
@transaction.atomic(savepoint=False)
def case_staff_view_record(*, actor: User, case: Case, page: str = "") -> None:
    """Clinic staff reading a borrower's case file is recorded, as their reads of evidence, letters and the log are
    (`page` names the staff page when it was not the borrower's own case page). Atomic; audited."""
    audit_record(actor=actor, action="case.staff_view", subject=case, case_id=case.pk, new={"page": page} if page else None)


@transaction.atomic
def case_note_add(*, actor: User, case: Case, text: str) -> CaseNote:
    """Add a note. Notes cannot be edited or deleted; audited."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("请填写备注内容。")})
    note = CaseNote(case=case, author=actor, text=text)
    note.full_clean()
    note.save()
    # The note's digest, not its text: notes are about a person's debts (docs/SECURITY.md).
    audit_record(actor=actor, action="case.note_add", subject=note, case_id=case.pk,
                 new={"sha256": audit_digest(text), "length": len(text)})
    return note


@transaction.atomic
def case_assign(*, actor: User, case: Case, assignee: User | None, clinic_ids) -> Case:
    """Give the case to a member of one of the actor's clinics (or to nobody); audited."""
    if assignee is not None and not ClinicMembership.objects.filter(user=assignee, clinic_id__in=clinic_ids, user__is_active=True).exists():
        raise ValidationError({"assignee": _("只能分配给本机构的工作人员。")})
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = case.assignee_id
    if old == (assignee.pk if assignee else None):
        return case
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    audit_record(actor=actor, action="case.assign", subject=case, case_id=case.pk,
                 old={"assignee": old}, new={"assignee": assignee.pk if assignee else None,
                                             "assignee_name": display_name(assignee) if assignee else ""})
    return case


@transaction.atomic
def case_status_change(*, actor: User, case: Case, status: str) -> Case:
    """Move the case to another status; audited with the old and the new status."""
    if status not in Case.Status.values:
        raise ValidationError({"status": _("请选择一个有效的状态。")})
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = case.status
    if old == status:
        return case
    case.status = status
    case.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="case.status_change", subject=case, case_id=case.pk, old={"status": old}, new={"status": status})
    return case


# --- walk-in clients and claim codes ---

def _claim_code_hash(code: str) -> str:
    normalized = code.replace("-", "").replace(" ", "").upper()
    return hmac.new(settings.SECRET_KEY.encode(), f"zhirao-claim:{normalized}".encode(), hashlib.sha256).hexdigest()


def format_claim_code(code: str) -> str:
    return "-".join(code[i:i + 5] for i in range(0, len(code), 5))


@transaction.atomic
def claim_code_issue(*, actor: User, case: Case) -> str:
    """A new claim code for an unclaimed case; earlier unused codes stop working. Returns the code
    (shown once; only its keyed hash is stored). Audited without the code."""
    if case.owner_id is not None:
        raise ValidationError(_("这个案件已经由求助人本人管理，不需要认领码。"))
    ClaimCode.objects.filter(case=case, claimed_at__isnull=True).update(expires_at=timezone.now())
    code = "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))
    claim = ClaimCode.objects.create(case=case, code_hash=_claim_code_hash(code), created_by=actor,
                                     expires_at=timezone.now() + dt.timedelta(days=CLAIM_CODE_DAYS))
    audit_record(actor=actor, action="case.claim_code_issue", subject=claim, case_id=case.pk,
                 new={"expires_at": claim.expires_at.isoformat()})
    return format_claim_code(code)


@transaction.atomic
def walk_in_case_open(*, actor: User, clinic: Clinic, borrower_name: str, borrower_phone: str = "", lender_name: str = "",
                      collector_numbers: tuple[str, ...] = (), in_danger_now: bool = False,
                      joint_consent: bool = False) -> tuple[Case, str]:
    """Open a case for a client at the desk: shared with the clinic, no owner until the client claims it
    with the returned code; with `joint_consent` (the client agreed in person) also their consent to joint
    complaints, recorded with the desk's text. Atomic and audited; ValidationError (nothing saved) on a bad number."""
    if not borrower_name.strip():
        raise ValidationError({"borrower_name": _("请填写求助人姓名。")})
    invalid = [number for number in collector_numbers if normalize_number(number) is None]
    if invalid:
        raise ValidationError({"collector_numbers": _("这些不是有效的电话号码：%(numbers)s") % {"numbers": "、".join(invalid)}})
    if borrower_phone.strip() and normalize_number(borrower_phone) is None:
        raise ValidationError({"borrower_phone": _("请填写有效的手机号，例如 138 0013 8000。")})
    data = {"borrower": {"name": borrower_name.strip()}, "safety": {"in_danger_now": in_danger_now}}
    if borrower_phone.strip():
        data["borrower"]["phone"] = borrower_phone.strip()
    if lender_name.strip():
        data["lender"] = {"name": lender_name.strip(), "kind": "unknown"}
    if collector_numbers:
        data["collector"] = {"numbers": list(collector_numbers)}
    case = case_create(owner=None, actor=actor, data=data)
    case_share_create(case=case, clinic=clinic, consent_text=WALK_IN_CONSENT, actor=actor,
                      joint_consent_text=str(WALK_IN_JOINT_CONSENT) if joint_consent else "")
    audit_record(actor=actor, action="case.walk_in_open", subject=case, case_id=case.pk, new={"clinic_id": clinic.pk, "reference": case.reference})
    return case, claim_code_issue(actor=actor, case=case)


@transaction.atomic
def case_claim(*, user: User, code: str) -> Case:
    """The client takes over the case a clinic opened for them. The code works once and expires;
    the clinic keeps its share. Audited."""
    claim = (ClaimCode.objects.select_for_update().select_related("case")
             .filter(code_hash=_claim_code_hash(code), claimed_at__isnull=True, expires_at__gt=timezone.now()).first())
    if claim is None or claim.case.owner_id is not None:
        raise ValidationError({"code": _("认领码不正确或已过期。请核对后重新输入，或请法律援助机构重新生成。")})
    claim.claimed_at, claim.claimed_by = timezone.now(), user
    claim.save(update_fields=["claimed_at", "claimed_by"])
    case = claim.case
    case.owner = user
    case.save(update_fields=["owner", "updated_at"])
    shared_numbers_sync(case)
    audit_record(actor=user, action="case.claim", subject=case, case_id=case.pk, old={"owner": None}, new={"owner": user.pk})
    return case


# --- the clinic's team ---

def _require_admin(actor: User, clinic_id: int):
    if not ClinicMembership.objects.filter(user=actor, clinic_id=clinic_id, role=ClinicMembership.Role.CLINIC_ADMIN).exists():
        raise PermissionDenied


@transaction.atomic
def clinic_staff_add(*, actor: User, clinic_id: int, username: str, full_name: str, password: str,
                     role: str = ClinicMembership.Role.STAFF) -> ClinicMembership:
    """A clinic admin creates a staff login for their clinic. Audited (without the password).

    The admin knows the initial password, so it works once: the new member must choose their own at
    their first login (User.must_change_password)."""
    _require_admin(actor, clinic_id)
    username = username.strip()
    if role not in ClinicMembership.Role.values:
        raise ValidationError({"role": _("请选择一个有效的角色。")})
    if not username:
        raise ValidationError({"username": _("请填写登录名。")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("这个登录名已被使用，请换一个。")})
    user = User(username=username, first_name=full_name.strip()[:150])
    user.is_staff_candidate = True  # the staff password rules apply before the membership exists
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.must_change_password = True
    user.full_clean()
    user.save()
    membership = ClinicMembership.objects.create(user=user, clinic_id=clinic_id, role=role)
    audit_record(actor=actor, action="clinic.staff_add", subject=membership, new={"username": username, "role": role, "clinic_id": clinic_id})
    return membership


@transaction.atomic
def clinic_staff_set_role(*, actor: User, membership: ClinicMembership, role: str) -> ClinicMembership:
    _require_admin(actor, membership.clinic_id)
    if role not in ClinicMembership.Role.values:
        raise ValidationError({"role": _("请选择一个有效的角色。")})
    if membership.user_id == actor.pk and role != ClinicMembership.Role.CLINIC_ADMIN:
        raise ValidationError({"role": _("不能取消自己的管理员身份，请让另一位管理员操作。")})
    old = membership.role
    if old != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(actor=actor, action="clinic.staff_role", subject=membership, old={"role": old}, new={"role": role})
    return membership


def _one_time_password_new() -> str:
    # Read out or written on paper for a colleague at the desk: no 0/O, 1/I/L; passes the validators.
    groups = ("".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(ONE_TIME_PASSWORD_GROUP)) for _ in range(ONE_TIME_PASSWORD_GROUPS))
    return "-".join(groups)


@transaction.atomic
def clinic_staff_password_reset(*, actor: User, membership: ClinicMembership) -> str:
    """A clinic admin replaces a colleague's forgotten password with a one-time password, returned to be
    shown once (only its hash is stored). The colleague's other sessions end (the password hash changed)
    and at their next login they must choose their own password. Admins cannot reset their own.
    Atomic and audited without the password."""
    _require_admin(actor, membership.clinic_id)
    if membership.user_id == actor.pk:
        raise ValidationError(_("不能重设自己的密码。"))
    user = User.objects.select_for_update().get(pk=membership.user_id)
    password = _one_time_password_new()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="clinic.staff_password_reset", subject=membership,
                 new={"username": user.username, "must_change_password": True})
    return password


@transaction.atomic
def clinic_staff_deactivate(*, actor: User, membership: ClinicMembership) -> None:
    """Remove a member from the clinic; their cases are unassigned, and the login is switched off when
    they belong to no other clinic and own no case. Audited with what was removed."""
    _require_admin(actor, membership.clinic_id)
    if membership.user_id == actor.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    user = membership.user
    shared = CaseShare.objects.filter(clinic_id=membership.clinic_id, withdrawn_at__isnull=True).values("case_id")
    unassigned = Case.objects.filter(assignee=user, pk__in=shared).update(assignee=None)
    audit_record(actor=actor, action="clinic.staff_deactivate", subject=membership,
                 old={"username": user.username, "role": membership.role, "clinic_id": membership.clinic_id},
                 new={"unassigned_cases": unassigned})
    membership.delete()
    if not user.clinic_memberships.exists() and not user.cases.exists():
        user.is_active = False
        user.save(update_fields=["is_active"])



@transaction.atomic
def clinic_staff_login_unlock(*, actor: User, membership: ClinicMembership) -> int:
    """A clinic admin lifts the lock-out of a colleague's log-in after too many wrong passwords
    (complaints.login_guard) before it ends by itself; returns how many counted failures were forgotten.
    Audited."""
    from complaints.login_guard import login_unlock

    _require_admin(actor, membership.clinic_id)
    removed = login_unlock(username=membership.user.username)
    audit_record(actor=actor, action="clinic.staff_unlock", subject=membership,
                 new={"username": membership.user.username, "failures_forgotten": removed})
    return removed
