"""Enrolling an authenticator app, showing the recovery codes once, and verifying a session (staff only)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from complaints.forms.log import AccessibleErrorsMixin
from complaints.login_guard import attempt_allowed, attempt_failed, lockout_response
from complaints.services.second_factor import (
    second_factor_match,
    totp_device_pending,
    totp_enrol_confirm,
    totp_qr_data_uri,
    totp_secret_for_typing,
    user_has_confirmed_totp,
)
from complaints.sessions import is_staff_account

_CODES_SESSION_KEY = "otp_recovery_codes_to_show"


class CodeForm(AccessibleErrorsMixin, forms.Form):
    code = forms.CharField(
        label=_("验证码"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}),
        help_text=_("验证器应用里显示的 6 位数字；手机不在身边时，填一个恢复码。"),
        error_messages={"required": _("请填写验证码。")},
    )


def _staff_only(request):
    if not is_staff_account(request.user):
        raise Http404


@never_cache
@login_required
@sensitive_post_parameters("code")
def otp_setup(request):
    """First log-in of a staff account: scan the QR code, type the first code."""
    _staff_only(request)
    if user_has_confirmed_totp(request.user):
        return redirect("otp_verify")
    device = totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrol_confirm(user=request.user, device=device, token=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("验证码不对。请确认手机时间准确，再输入应用里现在显示的 6 位数字。"))
        else:
            otp_login(request, device)
            request.session[_CODES_SESSION_KEY] = codes
            return redirect("otp_recovery_codes")
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr": totp_qr_data_uri(device), "secret": totp_secret_for_typing(device),
    }, status=400 if form.errors else 200)


@never_cache
@login_required
def otp_recovery_codes(request):
    """Shows the recovery codes once, right after enrolment."""
    codes = request.session.pop(_CODES_SESSION_KEY, None)
    if codes is None:
        return redirect("home")
    return render(request, "accounts/otp_recovery_codes.html", {"codes": codes})


@never_cache
@login_required
@sensitive_post_parameters("code")
def otp_verify(request):
    """Every staff session: a code from the app or a recovery code; wrong codes count against the lock-out."""
    _staff_only(request)
    if not user_has_confirmed_totp(request.user):
        return redirect("otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not attempt_allowed(request, username=request.user.username):
            return lockout_response(request)
        device = second_factor_match(user=request.user, token=form.cleaned_data["code"])
        if device is None:
            attempt_failed(request, username=request.user.username)
            form.add_error("code", _("验证码不对。请输入应用里现在显示的 6 位数字，或一个还没用过的恢复码。"))
        else:
            otp_login(request, device)
            return redirect(request.GET.get("next") if _safe(request) else "home")
    return render(request, "accounts/otp_verify.html", {"form": form}, status=400 if form.errors else 200)


def _safe(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next") or ""
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
