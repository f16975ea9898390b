"""Borrower accounts: sign-up with a log-in name of her choosing, and the one-time recovery code.

There is no SMS gateway, so a forgotten password is reset with a recovery code shown once at
sign-up (and a fresh one after every reset). Only the code's hash is stored.
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.models import AuditEvent, User
from complaints.services.audit import audit_record
from guidance.phones import dialled_abroad, mainland_mobile

# Read aloud or copied by hand: no 0/O, 1/I/L.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_GROUPS = 4
_CODE_GROUP_LENGTH = 4


def mobile_number_e164(text: str) -> str:
    """A mainland China mobile number as typed (spaces, dashes, +86, 0086, full-width digits) in E.164.

    guidance.phones.mainland_mobile decides; this only puts its answer in the user's language, raising
    ValidationError when the text is not such a number.
    """
    if not (text or "").strip():
        raise ValidationError(_("请填写手机号。"), code="required")
    e164 = mainland_mobile(text)
    if e164 is not None:
        return e164
    if dialled_abroad(text):
        raise ValidationError(_("请填写中国大陆手机号（+86），暂不支持其他国家或地区的号码。"), code="not_mainland")
    raise ValidationError(_("“%(number)s”不是有效的手机号，请填写 11 位中国大陆手机号。"), code="invalid", params={"number": text})


def login_name(text: str) -> str:
    """What a person typed into the login box, as the username it stands for.

    Accounts made before log-in names have their number in E.164 as username, so any way of writing
    the number finds them; anything else (a borrower's chosen log-in name, which is never a number, or
    a staff username) is kept as typed.
    """
    try:
        return mobile_number_e164(text)
    except ValidationError:
        return (text or "").strip()


def _password_checked(password: str, user: User, *, field: str) -> None:
    """Django's password validators, their messages keyed by the form field that holds the password."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def recovery_code_new() -> str:
    groups = ("".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LENGTH)) for _ in range(_CODE_GROUPS))
    return "-".join(groups)


def _recovery_code_normalised(code: str) -> str:
    # People copy the code with or without dashes, in either case, with stray spaces.
    return "".join(character for character in (code or "").upper() if character.isalnum())


def _recovery_code_hash(code: str) -> str:
    return make_password(_recovery_code_normalised(code))


def _login_name_check(username: str) -> str:
    """A new borrower's log-in name, stripped; ValidationError (keyed `username`) when it cannot be one.

    It may not be a phone number: the log-in name is the one thing sign-up must say is taken, and a
    number there would tell anyone trying it that the number's holder uses Zhirao (docs/SECURITY.md).
    """
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请设置登录名。")})
    if len(username) < 3 or len(username) > 40:
        raise ValidationError({"username": _("登录名要 3 到 40 个字符。")})
    try:
        mobile_number_e164(username)
    except ValidationError:
        pass
    else:
        raise ValidationError({"username": _("登录名不能是手机号，请换一个只有你知道的名字（例如拼音加数字）。")})
    if any(character.isdigit() for character in username) and sum(character.isdigit() for character in username) >= 7:
        raise ValidationError({"username": _("登录名里不要放手机号或证件号，请换一个只有你知道的名字。")})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ValidationError({"username": _("登录名只能用汉字、字母、数字和 @ . + - _。")}) from None
    return username


@transaction.atomic
def borrower_sign_up(*, username: str, password: str, phone: str = "", name: str = "") -> tuple[User, str]:
    """Create a borrower account; returns it and the recovery code to show once.

    Atomic and audited. The log-in name is chosen by the borrower and is never a phone number; the
    phone number, optional, is kept unverified for her letters only: it is unique to nothing, logs
    nobody in, and sign-up never says whether another account gave the same number (docs/SECURITY.md).
    Her name, optional too, is kept for her letters only (a new case's borrower.name defaults to it).
    The password goes through Django's validators. Raises ValidationError (keyed by field).
    """
    username = _login_name_check(username)
    e164 = mobile_number_e164(phone) if (phone or "").strip() else ""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("这个登录名已被使用，请换一个。")})
    user = User(username=username, phone=e164, first_name=(name or "").strip()[:150])
    _password_checked(password, user, field="password1")
    user.set_password(password)
    code = recovery_code_new()
    user.recovery_code = _recovery_code_hash(code)
    user.full_clean()
    user.save()
    audit_record(actor=user, action="account.sign_up", subject=user, new={"role": "borrower"})
    return user, code


@transaction.atomic
def password_reset_with_recovery_code(*, username: str, code: str, new_password: str) -> tuple[User, str]:
    """Set a new password when the log-in name and the recovery code match; returns the user and a new code.

    Accounts made before log-in names (whose log-in is the phone number) are found by the number in any
    format. The old code stops working (each code works once). Atomic and audited. A wrong name and a
    wrong code get the same message, so the form does not reveal which accounts exist; the view counts
    wrong tries against the lock-out (complaints.login_guard).
    """
    wrong = ValidationError({"code": _("登录名或恢复码不正确。请检查后重新输入（恢复码在注册时显示过一次）。")})
    user = User.objects.select_for_update().filter(username=login_name(username)).first()
    if user is None or not user.recovery_code:
        # Spend the same time hashing as for a real account.
        check_password(_recovery_code_normalised(code), _recovery_code_hash("-"))
        raise wrong
    if not check_password(_recovery_code_normalised(code), user.recovery_code):
        raise wrong
    _password_checked(new_password, user, field="new_password1")
    user.set_password(new_password)
    new_code = recovery_code_new()
    user.recovery_code = _recovery_code_hash(new_code)
    user.save(update_fields=["password", "recovery_code"])
    audit_record(actor=user, action="account.password_reset_with_recovery_code", subject=user)
    return user, new_code


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """The person replaces the one-time password a clinic admin gave them with one only they know.

    Atomic and audited (the audit row records that the flag was cleared, never a password). The new
    password goes through Django's validators and must differ from the one-time one; ValidationError
    keyed by field otherwise, and nothing changes. The caller keeps the session signed in
    (update_session_auth_hash), since changing the password changes the session's hash.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    _password_checked(new_password, user, field="new_password1")
    if user.check_password(new_password):
        raise ValidationError({"new_password1": _("新密码不能和管理员设置的一次性密码相同，请换一个只有你自己知道的密码。")})
    was_required = user.must_change_password
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=user, action="account.password_change", subject=user,
                 old={"must_change_password": was_required}, new={"must_change_password": False})
    return user


@transaction.atomic
def borrower_account_delete(*, user: User, password: str) -> int:
    """A borrower deletes her account and everything in it; returns how many cases went with it.

    Every case goes as case_delete takes it (log, evidence rows, letters; the files once the transaction
    commits; earlier audit rows of the case keep who and when but not the values), then the audit rows
    about the account lose their values too, the log-in lock-out counters of its name are forgotten and
    the account is deleted. One audit row stays: that an account was deleted, with no personal data.
    Clinic staff cannot delete their account here (a clinic admin deactivates it). ValidationError
    (keyed `password`) when the password is wrong; nothing changes then.
    """
    from complaints.login_guard import login_unlock
    from complaints.services.cases import case_delete

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_staff or user.is_superuser or user.clinic_memberships.exists():
        raise ValidationError({"password": _("工作人员账号不能在这里注销，请联系本机构的管理员停用。")})
    if not user.check_password(password):
        raise ValidationError({"password": _("密码不正确。")})
    cases = list(user.cases.all())
    for case in cases:
        case_delete(case=case, actor=user)
    AuditEvent.objects.filter(subject_type=user._meta.label_lower, subject_id=str(user.pk)).update(old_value=None, new_value=None)
    audit_record(actor=None, action="account.delete", subject=user, new={"cases": len(cases)})
    login_unlock(username=user.username)
    user.delete()
    return len(cases)
