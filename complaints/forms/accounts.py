from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.forms.log import AccessibleErrorsMixin
from complaints.services.accounts import login_name, mobile_number_e164

_PHONE_WIDGET = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})


def _password_field(label, required_message, help_text=None) -> forms.CharField:
    """A box for a new password (the browser may offer to generate and save one)."""
    return forms.CharField(label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                           help_text=help_text, error_messages={"required": required_message})


class _PasswordPairMixin:
    """Two password boxes that must match; the strength rules run in the service (Django's validators)."""

    password_fields = ("password1", "password2")

    def clean(self):
        cleaned = super().clean()
        first, second = (cleaned.get(name) for name in self.password_fields)
        if first and second and first != second:
            self.add_error(self.password_fields[1], _("两次输入的密码不一样，请重新输入。"))
        return cleaned


class SignUpForm(_PasswordPairMixin, forms.Form):
    phone = forms.CharField(
        label=_("手机号"), max_length=40, widget=_PHONE_WIDGET,
        help_text=_("中国大陆手机号，用来登录。我们不会给你发短信，也不会把号码给任何人。"),
        error_messages={"required": _("请填写手机号。")},
    )
    password1 = _password_field(_("密码"), _("请设置密码。"), _("至少 8 位，不要只用数字，不要用常见密码或和手机号相似的密码。"))
    password2 = _password_field(_("再输入一次密码"), _("请再输入一次密码。"))

    def clean_phone(self):
        return mobile_number_e164(self.cleaned_data["phone"])


class RecoveryForm(_PasswordPairMixin, forms.Form):
    password_fields = ("new_password1", "new_password2")

    phone = forms.CharField(label=_("手机号"), max_length=40, widget=_PHONE_WIDGET, error_messages={"required": _("请填写手机号。")})
    code = forms.CharField(
        label=_("恢复码"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("注册时（或上次重设密码后）显示的恢复码，形如 ABCD-EFGH-JKMN-PQRS。"),
        error_messages={"required": _("请填写恢复码。")},
    )
    new_password1 = _password_field(_("新密码"), _("请设置新密码。"), _("至少 8 位，不要只用数字，不要用常见密码或和手机号相似的密码。"))
    new_password2 = _password_field(_("再输入一次新密码"), _("请再输入一次新密码。"))


class PasswordChooseForm(AccessibleErrorsMixin, _PasswordPairMixin, forms.Form):
    """Replacing the one-time password a clinic admin set (complaints.middleware sends the person here)."""

    password_fields = ("new_password1", "new_password2")

    new_password1 = _password_field(_("新密码"), _("请设置新密码。"),
                                    _("至少 8 位，不要只用数字，不要用常见密码或和登录名相似的密码，也不能和一次性密码相同。"))
    new_password2 = _password_field(_("再输入一次新密码"), _("请再输入一次新密码。"))


class LoginForm(AuthenticationForm):
    """Borrowers type their number any way they like; staff type their username."""

    username = forms.CharField(
        label=_("手机号或用户名"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": _("请填写手机号（工作人员填写用户名）。")},
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请填写密码。")},
    )
    error_messages = {
        "invalid_login": _("手机号（或用户名）或密码不正确。忘记密码可以用恢复码重设。"),
        "inactive": _("这个账户已停用。"),
    }

    def clean_username(self):
        return login_name(self.cleaned_data["username"])


def validation_error_to_form(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field when it names fields, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
