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
    username = forms.CharField(
        label=_("登录名"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        help_text=_("自己取一个名字用来登录（例如拼音加数字），不要用手机号：这样别人用你的号码也查不到你是否在用止扰。"),
        error_messages={"required": _("请设置登录名。")},
    )
    phone = forms.CharField(
        label=_("手机号（可不填）"), max_length=40, required=False, widget=_PHONE_WIDGET,
        help_text=_("只用来填进你的文书，不用来登录，也不会核实。我们不会给你发短信，也不会把号码给任何人。"),
    )
    name = forms.CharField(
        label=_("你的姓名（可不填）"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("只用来填进你的文书（投诉信要写明投诉人），不用来登录。"),
    )
    password1 = _password_field(_("密码"), _("请设置密码。"), _("至少 8 位，不要只用数字，不要用常见密码或和登录名相似的密码。"))
    password2 = _password_field(_("再输入一次密码"), _("请再输入一次密码。"))

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self):
        typed = self.cleaned_data["phone"]
        return mobile_number_e164(typed) if typed.strip() else ""


class RecoveryForm(_PasswordPairMixin, forms.Form):
    password_fields = ("new_password1", "new_password2")

    username = forms.CharField(
        label=_("登录名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        help_text=_("注册时设置的登录名（早先用手机号注册的账号，填手机号）。"),
        error_messages={"required": _("请填写登录名。")},
    )
    code = forms.CharField(
        label=_("恢复码"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("注册时（或上次重设密码后）显示的恢复码，形如 ABCD-EFGH-JKMN-PQRS。"),
        error_messages={"required": _("请填写恢复码。")},
    )
    new_password1 = _password_field(_("新密码"), _("请设置新密码。"), _("至少 8 位，不要只用数字，不要用常见密码或和登录名相似的密码。"))
    new_password2 = _password_field(_("再输入一次新密码"), _("请再输入一次新密码。"))


class PasswordChooseForm(AccessibleErrorsMixin, _PasswordPairMixin, forms.Form):
    """Replacing the one-time password a clinic admin set (complaints.middleware sends the person here)."""

    password_fields = ("new_password1", "new_password2")

    new_password1 = _password_field(_("新密码"), _("请设置新密码。"),
                                    _("至少 8 位，不要只用数字，不要用常见密码或和登录名相似的密码，也不能和一次性密码相同。"))
    new_password2 = _password_field(_("再输入一次新密码"), _("请再输入一次新密码。"))


class LoginForm(AuthenticationForm):
    """Borrowers and staff type their log-in name (accounts from before log-in names: the number, any way)."""

    username = forms.CharField(
        label=_("登录名"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
        help_text=_("早先用手机号注册的账号，填手机号。"),
        error_messages={"required": _("请填写登录名。")},
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请填写密码。")},
    )
    error_messages = {
        "invalid_login": _("登录名或密码不正确。忘记密码可以用恢复码重设。连续输错 5 次，要等 15 分钟才能再试。"),
        "inactive": _("这个账户已停用。"),
    }

    remember = forms.BooleanField(
        label=_("在这部手机上保持登录"), required=False,
        help_text=_("只在你自己的手机上勾选。不勾选，关掉浏览器就退出登录。工作人员账号总是在闲置 30 分钟后退出。"),
    )

    def clean_username(self):
        return login_name(self.cleaned_data["username"])


class AccountDeleteForm(AccessibleErrorsMixin, forms.Form):
    password = forms.CharField(
        label=_("输入你的密码确认注销"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请输入密码。")},
    )


def validation_error_to_form(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field when it names fields, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
