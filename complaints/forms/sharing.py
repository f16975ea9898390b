from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.selectors import clinics_open_for_sharing

# What the borrower agrees to, stored word for word with the share (CaseShare.consent_text).
CONSENT_TEXT = _(
    "我同意把这个案件分享给我在上面选择的法律援助机构：该机构的工作人员可以查看和处理我的案件信息、骚扰记录、证据文件和文书，"
    "用于为我提供法律援助。我知道我可以随时在“分享”页面撤回同意，撤回后他们不能再看到这个案件；"
    "撤回不影响撤回前已经进行的处理。"
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

    def consent_text(self) -> str:
        return str(CONSENT_TEXT)
