"""The borrower's edits to a letter (typed fields, narrative, demands), the mailing record and the reply; errors in Chinese."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.forms.log import AccessibleErrorsMixin
from complaints.letters.compose import DEMAND_MAX_CHARS, DEMANDS_MAX, INTEGER_INPUT_MAX, NARRATIVE_MAX_CHARS
from complaints.letters.registry import InputSpec, LetterKind
from complaints.models import Letter

_AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_POSTCODE = re.compile(r"^\d{6}$")
_TRACKING = re.compile(r"^[A-Za-z0-9]{8,30}$")


def _field(spec: InputSpec) -> forms.Field:
    # The labels are the letter data's (reviewed, Chinese); the page shows them in its language through the catalogue
    # (tests/unit/test_letter_input_translations.py holds every one translated).
    messages = {"max_length": _("最多 %(limit_value)d 个字。")}
    label = _(spec.label)
    if spec.kind == "choice":
        return forms.ChoiceField(label=label, required=False,
                                 choices=[("", _("请选择")), *((value, _(text)) for value, text in spec.choices.items())],
                                 error_messages={"invalid_choice": _("请从列表中选择一项。")})
    if spec.kind == "date":
        return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("请填写有效的日期，例如 2026-04-01。")})
    widget = forms.Textarea(attrs={"rows": 3}) if spec.multiline else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=spec.max_length, widget=widget, error_messages=messages)


class LetterEditForm(AccessibleErrorsMixin, forms.Form):
    """Built from the letter kind's reviewed data: one field per `inputs` entry, then narrative and demands."""

    def __init__(self, *args, spec: LetterKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for item in spec.inputs:
            self.fields[f"input_{item.name}"] = _field(item)
        self.fields["narrative"] = forms.CharField(
            label=_("补充说明（可不填，会作为“补充说明”写进文书）"), required=False, max_length=NARRATIVE_MAX_CHARS,
            widget=forms.Textarea(attrs={"rows": 5}), error_messages={"max_length": _("补充说明最多 %(limit_value)d 个字。")})
        self.fields["demands"] = forms.CharField(
            label=_("请求事项（每行一项；清空则恢复默认）"), required=False,
            max_length=DEMANDS_MAX * (DEMAND_MAX_CHARS + 2), widget=forms.Textarea(attrs={"rows": 8}),
            error_messages={"max_length": _("请求事项太长了。")})

    def clean(self):
        cleaned = super().clean()
        for item in self.spec.inputs:
            name = f"input_{item.name}"
            value = cleaned.get(name)
            if value in (None, ""):
                continue
            if item.kind == "amount" and not _AMOUNT.match(str(value)):
                self.add_error(name, _("请填写金额数字，例如 500 或 500.50。"))
            elif item.kind == "integer" and not (str(value).isdigit() and 0 < int(value) <= INTEGER_INPUT_MAX):
                self.add_error(name, _("请填写 1 到 %(max)d 之间的整数。") % {"max": INTEGER_INPUT_MAX})
            elif item.kind == "postcode" and not _POSTCODE.match(str(value)):
                self.add_error(name, _("邮政编码是 6 位数字。"))
        return cleaned

    def clean_demands(self):
        lines = [line.strip() for line in self.cleaned_data["demands"].splitlines() if line.strip()]
        if len(lines) > DEMANDS_MAX:
            raise forms.ValidationError(_("请求事项最多 %(count)d 项。"), params={"count": DEMANDS_MAX})
        if any(len(line) > DEMAND_MAX_CHARS for line in lines):
            raise forms.ValidationError(_("每项请求最多 %(count)d 个字。"), params={"count": DEMAND_MAX_CHARS})
        return lines

    def edits(self) -> dict:
        inputs = {}
        for item in self.spec.inputs:
            value = self.cleaned_data.get(f"input_{item.name}")
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value:
                inputs[item.name] = str(value).strip()
        return {"inputs": inputs, "narrative": self.cleaned_data["narrative"].strip(), "demands": self.cleaned_data["demands"]}

    @classmethod
    def initial_for(cls, edit, draft) -> dict:
        initial = {f"input_{key}": value for key, value in {**draft.prefilled, **(edit.inputs if edit else {})}.items()}
        initial["narrative"] = edit.narrative if edit else ""
        initial["demands"] = "\n".join(draft.demands)
        return initial


class MailingForm(AccessibleErrorsMixin, forms.Form):
    mailed_on = forms.DateField(label=_("寄出日期"), widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": _("请填写寄出日期。"), "invalid": _("请填写有效的日期，例如 2026-04-01。")})
    method = forms.ChoiceField(label=_("邮寄方式"), choices=Letter.MailMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("请选择邮寄方式。"), "invalid_choice": _("请选择挂号信或EMS。")})
    tracking_number = forms.CharField(label=_("邮件单号（挂号信或EMS的条码号）"), max_length=30,
                                      error_messages={"required": _("请填写邮件单号。"), "max_length": _("邮件单号最多 %(limit_value)d 位。")})

    def clean_mailed_on(self):
        mailed_on = self.cleaned_data["mailed_on"]
        if mailed_on > timezone.localdate():
            raise forms.ValidationError(_("寄出日期不能晚于今天。"))
        return mailed_on

    def clean_tracking_number(self):
        number = re.sub(r"[\s-]", "", self.cleaned_data["tracking_number"]).upper()
        if not _TRACKING.match(number):
            raise forms.ValidationError(_("邮件单号由 8 到 30 位字母和数字组成。"))
        return number


class ReplyForm(AccessibleErrorsMixin, forms.Form):
    """The answer to a mailed letter. Prefixed with the letter's id, so that a page can hold one form per letter."""

    replied_on = forms.DateField(label=_("收到答复的日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 error_messages={"required": _("请填写收到答复的日期。"), "invalid": _("请填写有效的日期，例如 2026-04-01。")})
    result = forms.ChoiceField(label=_("答复结果"), choices=Letter.ReplyResult.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("请选择答复结果。"), "invalid_choice": _("请从列表中选择答复结果。")})
    summary = forms.CharField(label=_("答复内容摘要（可不填）"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"max_length": _("摘要最多 %(limit_value)d 个字。")})

    def __init__(self, *args, letter: Letter, **kwargs):
        initial = {"replied_on": letter.replied_on, "result": letter.reply_result, "summary": letter.reply_summary} if letter.replied_on else None
        super().__init__(*args, prefix=f"reply-{letter.pk}", initial=initial, **kwargs)

    def clean_replied_on(self):
        replied_on = self.cleaned_data["replied_on"]
        if replied_on > timezone.localdate():
            raise forms.ValidationError(_("收到答复的日期不能晚于今天。"))
        return replied_on
