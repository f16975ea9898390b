"""Forms of the harassment log: one entry, an SMS-export import, the review of imported messages."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from complaints.database_ids import database_id
from complaints.models import Evidence, LogEntry
from guidance import clock, vocabulary
from guidance.phones import normalize_number


class AccessibleErrorsMixin:
    """Ties each invalid input to its message for screen readers (aria-invalid, aria-describedby)."""

    def full_clean(self):
        super().full_clean()
        self._mark_invalid_inputs()

    def add_error(self, field, error):
        # Errors a view adds after validation (a service's ValidationError) are tied to their input too.
        super().add_error(field, error)
        if self._errors is not None and hasattr(self, "cleaned_data"):
            self._mark_invalid_inputs()

    def _mark_invalid_inputs(self):
        for name in self._errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(described)})


class ModelMultipleChoiceFieldBounded(forms.ModelMultipleChoiceField):
    """Refuses ids no database row can have (complaints.database_ids) before they reach an `id IN (...)` query."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and database_id(text) is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text})
        return super()._check_values(value)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time between 1900 and 2100: outside, converting it to UTC (0001-01-01 in Beijing) overflows,
    and no harassment happened then."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and not 1900 <= result.year <= 2100:
            raise forms.ValidationError(_("时间超出范围：请填写 1900 年到 2100 年之间的时间。"), code="out_of_range")
        return result


class LogEntryForm(AccessibleErrorsMixin, forms.Form):
    at = BoundedDateTimeField(
        label=_("时间"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("北京时间，例如 2026-03-14 22:41"),
        error_messages={"required": _("请填写被联系的时间。"), "invalid": _("时间格式不对，请按“年-月-日 时:分”填写。")},
    )
    channel = forms.ChoiceField(label=_("方式"), choices=LogEntry.Channel.choices, initial=LogEntry.Channel.SMS)
    from_number = forms.CharField(
        label=_("来电/来信号码"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("照对方显示的号码填写，如 170 1234 5678、10690000123456；上门、信件等可以不填"),
    )
    target = forms.ChoiceField(label=_("被联系的人"), choices=LogEntry.Target.choices, initial=LogEntry.Target.SELF)
    text = forms.CharField(
        label=_("内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("短信原文，或电话里说了什么（尽量照原话）"),
    )
    evidence = ModelMultipleChoiceFieldBounded(
        label=_("相关证据"),
        required=False,
        queryset=Evidence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("选择能证明这次联系的截图、录音等"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = case.evidence.order_by("received_at", "id")
        if not self.fields["evidence"].queryset.exists():
            del self.fields["evidence"]

    def clean_from_number(self):
        typed = self.cleaned_data["from_number"].strip()
        if not typed:
            return ""
        number = normalize_number(typed)
        if number is None:
            raise forms.ValidationError(
                _("“%(number)s”不是有效的电话号码。手机号是11位；固定电话要带区号，如 010-12345678；短信端口如 10690000123456。"),
                code="invalid",
                params={"number": typed},
            )
        return number


class LogImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("上传短信导出文件"),
        required=False,
        help_text=_("“SMS Backup & Restore”导出的 XML，或 CSV、TXT 文本文件"),
    )
    evidence = forms.ModelChoiceField(
        label=_("或者从已上传的证据中选择"),
        required=False,
        queryset=Evidence.objects.none(),
        empty_label=_("（不选择）"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        exports = case.evidence.filter(kind__in=[Evidence.Kind.SMS_EXPORT, Evidence.Kind.TEXT]).order_by("received_at", "id")
        self.fields["evidence"].queryset = exports
        self.fields["evidence"].label_from_instance = (
            lambda evidence: f"{evidence.original_name}（{clock.local(evidence.received_at):%Y-%m-%d %H:%M}）")
        if not exports.exists():
            del self.fields["evidence"]

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        limit = settings.EVIDENCE_MAX_FILE_BYTES
        if uploaded is not None and uploaded.size > limit:
            raise forms.ValidationError(
                _("文件太大：最大 %(limit)s。"), code="too_large", params={"limit": filesizeformat(limit)}
            )
        return uploaded

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("file", "evidence") if cleaned.get(name)]
        if not chosen and not self.errors:
            raise forms.ValidationError(_("请上传一个短信导出文件，或者从已上传的证据中选择一个。"), code="missing")
        if len(chosen) == 2:
            raise forms.ValidationError(_("请只选择一种方式：上传新文件，或者选择已上传的证据。"), code="both")
        return cleaned


class LogReviewForm(forms.Form):
    CONFIRM, DISCARD, CONFIRM_ALL, DISCARD_ALL = "confirm", "discard", "confirm_all", "discard_all"

    action = forms.ChoiceField(
        choices=[(CONFIRM, _("确认所选")), (DISCARD, _("丢弃所选")), (CONFIRM_ALL, _("全部确认")), (DISCARD_ALL, _("全部丢弃"))]
    )
    entries = ModelMultipleChoiceFieldBounded(
        label=_("选择短信"), required=False, queryset=LogEntry.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = case.log_entries.filter(pending_review=True)
        self.fields["entries"].queryset = self.pending

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (self.CONFIRM_ALL, self.DISCARD_ALL):
            cleaned["entries"] = list(self.pending)
        elif action and not cleaned.get("entries"):
            raise forms.ValidationError(_("请先勾选要处理的短信。"), code="none_selected")
        return cleaned


class ScreenshotProposalForm(LogEntryForm):
    """A message read from a screenshot, as the borrower confirms it: the log entry's fields (prefilled with what
    was read, each editable) and the content categories the keyword list proposed, which she may untick."""

    content = forms.MultipleChoiceField(
        label=_("内容属于"),
        required=False,
        choices=vocabulary.choices("CONTENTS", hint=False),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("按关键词自动勾选，仅供参考：不符合的请取消勾选。确认后会加入案件的“骚扰内容”。"),
    )

    def __init__(self, *args, case, proposal, **kwargs):
        # A screenshot a relative, colleague or employer gave shows the messages they received.
        giver = getattr(proposal.evidence, "third_party", None)
        target = vocabulary.THIRD_PARTY_TARGETS.get(giver.relation, LogEntry.Target.SELF) if giver else LogEntry.Target.SELF
        initial = {"at": clock.local(proposal.at) if proposal.at else None, "channel": proposal.channel,
                   "from_number": proposal.from_number, "target": target, "text": proposal.text,
                   "content": proposal.content}
        super().__init__(*args, case=case, initial=initial, prefix=f"p{proposal.pk}", **kwargs)
        # The entry is linked to the screenshot it was read from; no other evidence is chosen here.
        self.fields.pop("evidence", None)
