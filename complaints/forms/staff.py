"""Forms of the staff pages. Labels and messages are Chinese first (translated through gettext)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Case, ClinicMembership
from complaints.selectors.staff_clinic import display_name
from guidance import vocabulary
from guidance.phones import split_numbers

PRIORITY_CHOICES = [("", _("全部")), *((level.value, vocabulary.lazy_label(level)) for level in vocabulary.PRIORITY_LEVELS)]
DEADLINE_CHOICES = [("", _("全部")), ("overdue", _("已过期限")), ("today", _("今天到期")), ("week", _("7 天内到期")), ("none", _("没有期限"))]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        help_text=_("姓名、案件编号、放贷机构，或任何格式的电话号码"))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *Case.Status.choices])
    assignee = forms.ChoiceField(label=_("负责人"), required=False)
    priority = forms.ChoiceField(label=_("优先级"), required=False, choices=PRIORITY_CHOICES)
    lender = forms.CharField(label=_("放贷机构"), required=False, max_length=100)
    deadline = forms.ChoiceField(label=_("期限"), required=False, choices=DEADLINE_CHOICES)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("全部")), ("me", _("我负责的")), ("none", _("未分配")),
                                           *[(str(member.pk), display_name(member)) for member in members]]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("新备注"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请填写备注内容。")})


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("负责人"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("未分配")), *[(str(member.pk), display_name(member)) for member in members]]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Case.Status.choices,
                               error_messages={"invalid_choice": _("请选择一个有效的状态。")})


class WalkInForm(forms.Form):
    borrower_name = forms.CharField(label=_("求助人姓名"), max_length=100, error_messages={"required": _("请填写求助人姓名。")})
    borrower_phone = forms.CharField(label=_("求助人手机号"), max_length=40, required=False)
    lender_name = forms.CharField(label=_("放贷机构或借款 App"), max_length=200, required=False)
    collector_numbers = forms.CharField(label=_("催收号码"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                        help_text=_("每行一个，任何格式均可"))
    in_danger_now = forms.BooleanField(label=_("求助人现在有人身危险"), required=False)
    # Unticked by default: a separate consent from opening the case (complaints.services.staff.WALK_IN_JOINT_CONSENT).
    joint_consent = forms.BooleanField(label=_("求助人当面同意纳入联合投诉"), required=False,
                                       widget=forms.CheckboxInput(attrs={"aria-describedby": "joint-consent-text"}))

    def clean_collector_numbers(self):
        return tuple(split_numbers(self.cleaned_data["collector_numbers"]))


class StaffAddForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150, error_messages={"required": _("请填写登录名。")})
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(render_value=False),
                               error_messages={"required": _("请设置初始密码。")},
                               help_text=_("至少 8 位，不能全是数字；请当面告诉同事。这个密码只能用一次：同事第一次登录后必须设置自己的新密码。"))
    role = forms.ChoiceField(label=_("角色"), choices=ClinicMembership.Role.choices, initial=ClinicMembership.Role.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=ClinicMembership.Role.choices,
                             error_messages={"invalid_choice": _("请选择一个有效的角色。")})


class CollectorExportForm(forms.Form):
    kind = forms.ChoiceField(choices=[("number", _("催收号码")), ("lender", _("放贷机构"))])
    key = forms.CharField(max_length=200)


class ClaimForm(forms.Form):
    code = forms.CharField(label=_("认领码"), max_length=20, error_messages={"required": _("请输入法律援助机构给你的认领码。")},
                           help_text=_("法律援助机构工作人员给你的 10 位认领码，例如 ABCDE-23456"))

