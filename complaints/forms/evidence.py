from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.evidence_types import ACCEPT_ATTRIBUTE
from complaints.models import Evidence


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one `<input type=file multiple>`; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            return [super().clean(None, initial)]  # raises "required"
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class EvidenceUploadForm(forms.Form):
    # Empty files get the evidence checker's own message, with the others in the same upload.
    files = MultipleFileField(
        label=_("选择要上传的文件（可以一次选多个）"),
        allow_empty_file=True,
        error_messages={"required": _("请先选择至少一个文件。")},
    )
    # Asked here, so the evidence list can say what each file proves without a second visit to every file's page.
    proves = forms.CharField(
        label=_("这份证据证明什么？（可不填）"), required=False, max_length=300,
        help_text=_("例如：催收方在夜间发来威胁告诉我单位的短信。一次选了多个文件时，这句话记在每个文件上；之后可以在每个文件的页面修改。"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        error_messages={"max_length": _("最多 %(limit_value)d 个字。")},
    )


class EvidenceDescribeForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["description", "proves"]
        labels = {"description": _("这是什么"), "proves": _("它能证明什么")}
        help_texts = {
            "description": _("例如：3月14日22:41催收员用17012345678发来的威胁短信截图"),
            "proves": _("例如：催收方在夜间发送威胁曝光的短信"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "proves": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        }
