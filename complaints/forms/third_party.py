from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from complaints.forms.evidence import EvidenceUploadForm
from guidance import vocabulary


def _days_label(days: int):
    return ngettext_lazy("%(days)d 天", "%(days)d 天", days) % {"days": days}


class EvidenceLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("链接有效期"), coerce=int, widget=forms.RadioSelect, initial=3,
        choices=[(days, _days_label(days)) for days in settings.THIRD_PARTY_LINK_DAYS],
        error_messages={"required": _("请选择链接的有效期。"), "invalid_choice": _("请从列出的有效期中选一个。")},
    )
    label = forms.CharField(
        label=_("备注（只有你自己看得到，可以不填）"), max_length=60, required=False,
        help_text=_("例如：发给妈妈的链接。对方打开链接时看不到这个备注。"),
        error_messages={"max_length": _("备注最多 %(limit_value)d 个字。")},
    )


class ThirdPartyUploadForm(EvidenceUploadForm):
    uploader_name = forms.CharField(
        label=_("你的姓名"), max_length=40, help_text=_("会和文件一起交给借款人，写进证据材料，说明文件是谁提供的。"),
        error_messages={"required": _("请填写你的姓名。"), "max_length": _("姓名最多 %(limit_value)d 个字。")},
    )
    relation = forms.ChoiceField(
        label=_("你和借款人的关系"), widget=forms.RadioSelect,
        choices=vocabulary.term_choices(vocabulary.THIRD_PARTY_RELATIONS),
        error_messages={"required": _("请选择你和借款人的关系。"), "invalid_choice": _("请从列出的关系中选一个。")},
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意上面的说明"),
        error_messages={"required": _("上传前需要你明确同意：请勾选“我已阅读并同意上面的说明”。")},
    )

    field_order = ["uploader_name", "relation", "files", "consent"]

    def clean_uploader_name(self):
        name = " ".join(self.cleaned_data["uploader_name"].split())
        if not name or not all(character.isprintable() for character in name):
            raise forms.ValidationError(_("请填写你的姓名。"))
        return name
