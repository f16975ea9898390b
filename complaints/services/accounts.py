"""Borrower accounts: sign-up with a mainland mobile number, and the one-time recovery code.

There is no SMS gateway, so a forgotten password is reset with a recovery code shown once at
sign-up (and a fresh one after every reset). Only the code's hash is stored.
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.models import User
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

    Borrowers' usernames are their numbers in E.164, so any way of writing the number finds the
    account; anything that is not a mainland mobile number is a staff username and is kept as typed.
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


@transaction.atomic
def borrower_sign_up(*, phone: str, password: str) -> tuple[User, str]:
    """Create a borrower account; returns it and the recovery code to show once.

    Atomic and audited. The number is normalised to E.164 and is also the username; the password
    goes through Django's validators. Raises ValidationError (keyed by field) on any problem,
    including a number that already has an account.
    """
    e164 = mobile_number_e164(phone)
    if User.objects.filter(username=e164).exists() or User.objects.filter(phone=e164).exists():
        raise ValidationError({"phone": _("这个手机号已经注册。请直接登录；忘记密码可以用恢复码重设。")})
    user = User(username=e164, phone=e164)
    _password_checked(password, user, field="password1")
    user.set_password(password)
    code = recovery_code_new()
    user.recovery_code = _recovery_code_hash(code)
    user.full_clean()
    user.save()
    audit_record(actor=user, action="account.sign_up", subject=user, new={"role": "borrower"})
    return user, code


@transaction.atomic
def password_reset_with_recovery_code(*, phone: str, code: str, new_password: str) -> tuple[User, str]:
    """Set a new password when the number and the recovery code match; returns the user and a new code.

    The old code stops working (each code works once). Atomic and audited. A wrong number and a
    wrong code get the same message, so the form does not reveal which numbers have accounts.
    """
    wrong = ValidationError({"code": _("手机号或恢复码不正确。请检查后重新输入（恢复码在注册时显示过一次）。")})
    try:
        e164 = mobile_number_e164(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    user = User.objects.select_for_update().filter(username=e164).first()
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
