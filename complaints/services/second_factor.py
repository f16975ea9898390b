"""Time-based one-time passwords (django-otp TOTP) for clinic staff and administrators.

A staff account's first log-in enrols an authenticator app: a TOTP device is made unconfirmed, its QR
code shown, and confirmed by the first right code; ten recovery codes (a django-otp static device, each
code works once) are made then and shown once. Every later session is verified by a code from the app
or a recovery code before any staff page or /admin/ opens (complaints.second_factor). A clinic admin
resets a member's devices (a lost phone): the member enrols again at the next log-in.
"""

import base64
import io

import qrcode
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from complaints.models import ClinicMembership, User
from complaints.services.audit import audit_record

RECOVERY_CODES = 10
_ISSUER = "Zhirao"


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (made once, so reloading the page keeps the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a PNG QR code in a data: URL (the CSP allows data: images, no script)."""
    image = qrcode.make(device.config_url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def totp_secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for apps that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index:index + 4] for index in range(0, len(secret), 4))


@transaction.atomic
def totp_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with the first code from the app; returns the new recovery codes (shown once), or
    None when the code is wrong (nothing changes). Any earlier device and recovery codes are replaced.
    Audited (`account.otp_enrol`), without codes."""
    if device.user_id != user.pk or not device.verify_token((token or "").replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    audit_record(actor=user, action="account.otp_enrol", subject=user, new={"recovery_codes": len(codes)})
    return codes


def user_has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_match(*, user: User, token: str):
    """The confirmed device (app or recovery codes) that accepts `token`, or None. A recovery code works once."""
    token = (token or "").replace(" ", "").strip()
    if not token:
        return None
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            with transaction.atomic():
                if device.verify_token(token):
                    return device
    return None


@transaction.atomic
def clinic_staff_otp_reset(*, actor: User, membership: ClinicMembership) -> int:
    """A clinic admin removes a colleague's authenticator and recovery codes (a lost phone); the colleague
    enrols again at their next log-in. Returns how many devices went. Audited. Admins cannot reset their own
    (ValidationError): another admin must see to it."""
    from complaints.services.staff import _require_admin

    _require_admin(actor, membership.clinic_id)
    if membership.user_id == actor.pk:
        raise ValidationError(_("不能重置自己的两步验证，请让另一位管理员操作。"))
    removed = TOTPDevice.objects.filter(user=membership.user).delete()[0]
    removed += StaticDevice.objects.filter(user=membership.user).delete()[0]
    audit_record(actor=actor, action="clinic.staff_otp_reset", subject=membership,
                 new={"username": membership.user.username, "devices_removed": removed})
    return removed
