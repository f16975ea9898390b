from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.selectors import clinics_open_for_sharing

# What the borrower agrees to, stored word for word with the share (CaseShare.consent_text).
CONSENT_TEXT = _(
    "我同意把这个案件分享给我在上面选择的法律援助机构：该机构的工作人员可以查看和处理我的案件信息、骚扰记录、证据文件和文书，"
    "用于为我提供法律援助。我知道我可以随时在“分享”页面撤回同意，撤回后他们不能再看到这个案件；"
    "撤回不影响撤回前已经进行的处理。"
)

# The second, separate consent: to be named in the clinic's joint complaints (CaseShare.joint_consent_text).
# It says exactly what the export (complaints.views.staff_overview, CSV and PDF) carries and to whom it goes.
JOINT_CONSENT_TEXT = _(
    "我另外同意：该法律援助机构可以把我的姓名、手机号、案件编号和被骚扰的情况（催收号码、放贷机构、联系次数、"
    "联系我亲友或同事的次数、第一次和最近一次被联系的时间）写入针对同一个催收号码或同一家放贷机构的联合投诉材料，"
    "和其他求助人的材料一起提交给监管部门、电信运营商或公安机关。材料不包括我的证据文件和短信原文。"
    "我可以随时在“分享”页面撤回这项同意，撤回后新的联合投诉材料不会再包括我，已经提交的材料无法收回。"
    "不同意也不影响该机构为我提供帮助。"
)


class ShareForm(forms.Form):
    clinic = forms.ModelChoiceField(
        label=_("选择法律援助机构"), queryset=clinics_open_for_sharing(), widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("请选择一个法律援助机构。"), "invalid_choice": _("这个机构不在列表里，请重新选择。")},
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意上面的分享说明"),
        error_messages={"required": _("分享需要你单独、明确地同意：请勾选“我已阅读并同意”。")},
    )

    # Unticked: sharing never implies it, and it can be given later on the same page.
    joint_consent = forms.BooleanField(
        label=_("我也同意纳入联合投诉（可以不选）"), required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "joint-consent-text"}),
    )

    def consent_text(self) -> str:
        return str(CONSENT_TEXT)

    def joint_consent_text(self) -> str:
        return str(JOINT_CONSENT_TEXT)
