"""One form per section of the case file. Each turns the stored section into initial values and
a valid submission back into the section, in facts.md's shape; it never saves anything itself."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints.services.accounts import mobile_number_e164
from guidance import clock, vocabulary
from guidance.phones import parse_number_list
from guidance.schema import ID_NUMBER_PATTERN, id_number_check_ok

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_POSTCODE = re.compile(r"^\d{6}$")


def _text(label, max_length, help_text="", **kwargs):
    return forms.CharField(
        label=label, max_length=max_length, required=False, help_text=help_text,
        error_messages={"max_length": _("最多 %(limit_value)d 个字（现在 %(show_value)d 个）。")}, **kwargs,
    )


def _choice(label, choices, widget=forms.RadioSelect, help_text=""):
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=widget, help_text=help_text,
        error_messages={"invalid_choice": _("请从列表里选择（“%(value)s”不是可选项）。")},
    )


def _multiple(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text,
        error_messages={"invalid_choice": _("请从列表里选择（“%(value)s”不是可选项）。")},
    )


def _date(label, help_text="", required=False):
    return forms.DateField(
        label=label, required=required, widget=_DATE_WIDGET, help_text=help_text, input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"],
        error_messages={"invalid": _("请填写有效的日期，例如 2026-03-01。"), "required": _("请填写日期。")},
    )


def _not_in_future(day):
    if day and day > clock.today():
        raise ValidationError(_("日期不能晚于今天。"))
    if day and day.year < 2000:
        raise ValidationError(_("日期太早了，请检查年份。"))
    return day


class CaseSectionForm(forms.Form):
    """A section form: `from_section()` fills it from the stored value, `section_value()` gives it back."""

    section: str

    @classmethod
    def initial_from(cls, value) -> dict:
        return dict(value or {})

    def section_value(self):
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None, [])}


ADDRESS_HELP = {
    "contact_address": _("代替住址写在文书上，例如法律援助机构或亲友的地址；不想让催收方知道你住在哪里时填写。"),
}


def _address_fields(key: str, place) -> dict:
    """The fields of one Chinese postal address stored under `key` (facts.md's address shape); `place` names it
    in the labels when a form has more than one address."""
    def label(part):
        return format_lazy("{place}：{part}", place=place, part=part) if place else part
    return {
        f"{key}_province": _choice(label(_("省/自治区/直辖市")), [("", _("请选择"))] + [(name, name) for name in vocabulary.PROVINCES],
                                   widget=forms.Select, help_text=ADDRESS_HELP.get(key, "")),
        f"{key}_city": _text(label(_("市")), 30, _("例如：深圳市；直辖市再写一次，例如：北京市")),
        f"{key}_district": _text(label(_("区/县")), 30, _("例如：南山区")),
        f"{key}_street": _text(label(_("详细地址")), 200, _("街道、门牌号、楼栋房号")),
        f"{key}_postcode": _text(label(_("邮政编码")), 6, _("6 位数字"), widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"})),
    }


class AddressFieldsForm(CaseSectionForm):
    """A section with Chinese postal addresses (letters are mailed to them): province, city, district, street,
    postcode. `addresses` maps each address's key in the section to how its labels name it."""

    addresses = {"address": ""}
    address_required_message = _("地址要写完整才能寄信：请同时填写省、市和详细地址。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, place in self.addresses.items():
            self.fields.update(_address_fields(key, place))

    def clean(self):
        cleaned = super().clean()
        for key in self.addresses:
            postcode = (cleaned.get(f"{key}_postcode") or "").strip()
            if postcode and not _POSTCODE.match(postcode) and f"{key}_postcode" not in self.errors:
                self.add_error(f"{key}_postcode", _("邮政编码是 6 位数字。"))
            parts = {part: (cleaned.get(f"{key}_{part}") or "").strip() for part in vocabulary.ADDRESS_PARTS}
            if any(parts.values()):
                for part in ("province", "city", "street"):
                    if not parts[part] and f"{key}_{part}" not in self.errors:
                        self.add_error(f"{key}_{part}", self.address_required_message)
        return cleaned

    @classmethod
    def initial_from(cls, value) -> dict:
        value = dict(value or {})
        initial = {}
        for key in cls.addresses:
            address = value.pop(key, None) or {}
            initial.update({f"{key}_{part}": address.get(part, "") for part in vocabulary.ADDRESS_PARTS})
        return {**value, **initial}

    def section_value(self):
        value = super().section_value()
        for key in self.addresses:
            address = {part: str(value.pop(f"{key}_{part}")).strip() for part in vocabulary.ADDRESS_PARTS if f"{key}_{part}" in value}
            if address:
                value[key] = address
        return value


class BorrowerForm(AddressFieldsForm):
    section = "borrower"
    name = _text(_("姓名"), 50, _("写在文书上的真实姓名。"), widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = _text(_("手机号"), 40, _("被骚扰的手机号；文书上会写这个号码。"), widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    id_number = _text(_("身份证号"), 18, _("报案、起诉时需要；不填也可以先做其他事。"), widget=forms.TextInput(attrs={"autocomplete": "off"}))
    field_order = ["name", "phone", "id_number"]
    # facts.md borrower.contact_address: printed on letters instead of the home address (safer with a violent collector).
    addresses = {"address": "", "contact_address": _("收信地址（可选）")}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return mobile_number_e164(phone) if phone else ""

    def clean_id_number(self):
        id_number = self.cleaned_data["id_number"].strip().upper()
        if not id_number:
            return ""
        if not ID_NUMBER_PATTERN.fullmatch(id_number):
            raise ValidationError(_("身份证号是 18 位，前 17 位是数字，最后一位是数字或 X。"))
        if not id_number_check_ok(id_number):
            raise ValidationError(_("身份证号的校验位不对，请逐位核对。"))
        return id_number


class LenderForm(AddressFieldsForm):
    section = "lender"
    name = _text(_("放贷机构名称"), 100, _("合同或借款 App 里写的公司全称，例如：某某消费金融有限公司。"))
    kind = _choice(_("放贷机构类型"), vocabulary.choices("LENDER_KINDS"))
    app_name = _text(_("借款 App 名称"), 50)
    loan_reference = _text(_("借款合同编号或订单号"), 100, _("合同、借款 App 或放款短信上的编号；写给放贷机构和监管部门的文书会写上它。"))
    illegal_debt_signs = forms.BooleanField(
        label=_("有违法放贷的迹象：利息超过法律上限、砍头息、套路贷，或对方没有放贷资质"), required=False,
    )
    field_order = ["name", "kind", "app_name", "loan_reference", "illegal_debt_signs"]

    def section_value(self):
        value = super().section_value()
        value["illegal_debt_signs"] = bool(self.cleaned_data.get("illegal_debt_signs"))
        return value


class CollectorForm(AddressFieldsForm):
    section = "collector"
    name = _text(_("催收方名称"), 100, _("催收公司的名称（知道的话），或写“放贷机构自己”。"))
    kind = _choice(_("谁在催收"), vocabulary.choices("COLLECTOR_KINDS"))
    numbers = forms.CharField(
        label=_("催收用的号码"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "inputmode": "tel"}),
        help_text=_("每行一个号码，手机号、座机、106 开头的短信号码都可以。"),
        error_messages={"max_length": _("号码太多了（最多 %(limit_value)d 个字），请只留下主要的号码。")},
    )
    field_order = ["name", "kind", "numbers"]

    @classmethod
    def initial_from(cls, value) -> dict:
        initial = super().initial_from(value)
        initial["numbers"] = "\n".join(initial.get("numbers") or [])
        return initial

    def clean_numbers(self):
        numbers, wrong = parse_number_list(self.cleaned_data["numbers"])
        if wrong:
            raise ValidationError([_("第 %(position)d 个号码：%(message)s") % {
                "position": position, "message": _("“%(number)s”不是有效的电话号码。") % {"number": typed}} for position, typed in wrong])
        return numbers


class SafetyForm(CaseSectionForm):
    section = "safety"
    in_danger_now = forms.BooleanField(label=_("我现在有人身危险（有人威胁要上门、伤害我或家人）"), required=False)

    def section_value(self):
        return {"in_danger_now": bool(self.cleaned_data.get("in_danger_now"))}


_TRI_STATE = [("", _("不确定")), ("yes", _("有")), ("no", _("没有"))]


class HarassmentForm(CaseSectionForm):
    section = "harassment"
    channels = _multiple(_("对方怎么联系"), vocabulary.choices("CHANNELS"))
    targets = _multiple(_("联系了谁"), vocabulary.choices("TARGETS"))
    content = _multiple(_("说了什么"), vocabulary.choices("CONTENTS"))
    night_contact = _choice(_("晚上 9 点到早上 8 点之间联系过吗"), _TRI_STATE)
    max_per_day = forms.IntegerField(
        label=_("一天最多联系几次"), required=False, min_value=0, max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),  # a number input cannot show back what was mistyped
        error_messages={
            "invalid": _("请填写整数，例如 40。"),
            "min_value": _("次数不能是负数。"),
            "max_value": _("次数最多填 %(limit_value)s。"),
        },
    )
    first_seen = _date(_("第一次被骚扰的日期"))

    @classmethod
    def initial_from(cls, value) -> dict:
        initial = super().initial_from(value)
        if "night_contact" in initial:
            initial["night_contact"] = "yes" if initial["night_contact"] else "no"
        return initial

    def clean_first_seen(self):
        return _not_in_future(self.cleaned_data["first_seen"])

    def section_value(self):
        value = super().section_value()
        night = value.pop("night_contact", "")
        if night:
            value["night_contact"] = night == "yes"
        if "first_seen" in value:
            value["first_seen"] = value["first_seen"].isoformat()
        return value


class StepAddForm(forms.Form):
    """One step the borrower already took (facts.md `steps_taken` item)."""

    action = forms.ChoiceField(
        label=_("做了什么"), choices=lambda: [("", _("请选择")), *vocabulary.choices("ACTIONS")],  # the ladder loads when first shown
        error_messages={"required": _("请选择做了什么。"), "invalid_choice": _("请从列表里选择（“%(value)s”不是可选项）。")},
    )
    on = _date(_("哪天做的"), required=True)
    result = _choice(_("结果"), [("", _("还不知道")), *vocabulary.choices("STEP_RESULTS")])
    reference = _text(_("工单号或受理编号"), 100, _("对方给你的编号（如运营商投诉的工单号）；之后的申诉和投诉会写上它。"))

    def __init__(self, *args, targets=(), **kwargs):
        """`targets`: the addressees an action may have several of (the carriers of the case's numbers)."""
        super().__init__(*args, **kwargs)
        if targets:
            self.fields["target"] = _choice(
                _("向谁（运营商）"), [("", _("不分运营商")), *[(target, target) for target in targets]], widget=forms.Select,
                help_text=_("投诉或申诉只针对其中一家运营商时选它；其他运营商的这一步仍然算没做。"),
            )

    def clean_on(self):
        return _not_in_future(self.cleaned_data["on"])

    def step_value(self) -> dict:
        step = {"action": self.cleaned_data["action"], "on": self.cleaned_data["on"].isoformat()}
        for key in ("result", "reference", "target"):
            if self.cleaned_data.get(key):
                step[key] = self.cleaned_data[key].strip()
        return step


class CourtPapersForm(CaseSectionForm):
    """facts.md `court_papers`: papers from (or claiming to be from) a court, so the plan can date the period they start."""

    section = "court_papers"
    kind = _choice(_("收到的是什么"), [("", _("没有收到")), *vocabulary.choices("COURT_PAPER_KINDS")])
    received_on = _date(_("哪天收到的"), _("期限从你收到的那天起算。"))
    verified = forms.BooleanField(label=_("已经向法院核实过，是真的（拨打 12368 或直接联系文书上写的法院）"), required=False)

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data["received_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in ("complaint_copy", "payment_order") and not cleaned.get("received_on") and "received_on" not in self.errors:
            self.add_error("received_on", _("请填写收到的日期，才能算出答辩或提出异议的期限。"))
        return cleaned

    def section_value(self):
        if not self.cleaned_data.get("kind"):
            return {}
        value = {"kind": self.cleaned_data["kind"], "verified": bool(self.cleaned_data.get("verified"))}
        if self.cleaned_data.get("received_on"):
            value["received_on"] = self.cleaned_data["received_on"].isoformat()
        return value


class WantsForm(CaseSectionForm):
    section = "wants"
    wants = _multiple(_("你希望得到什么结果"), vocabulary.choices("WANTS"))

    @classmethod
    def initial_from(cls, value) -> dict:
        return {"wants": list(value or [])}

    def section_value(self):
        return list(self.cleaned_data.get("wants") or [])


SECTION_FORMS = {form.section: form for form in (BorrowerForm, LenderForm, CollectorForm, SafetyForm, HarassmentForm, WantsForm, CourtPapersForm)}


class CaseImportForm(forms.Form):
    """A case file exported from Zhirao (and optionally its evidence ZIP) to make a new case from."""

    max_case_file_bytes = 5 * 1024 * 1024

    case_file = forms.FileField(
        label=_("案件信息文件（.json）"), help_text=_("从止扰下载的案件信息文件。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
        error_messages={"required": _("请选择案件信息文件。"), "empty": _("这个文件是空的。")},
    )
    evidence = forms.FileField(
        label=_("证据压缩包（.zip，可选）"), required=False, help_text=_("和案件信息一起下载的证据压缩包。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        error_messages={"empty": _("这个文件是空的。")},
    )

    def clean_case_file(self):
        upload = self.cleaned_data["case_file"]
        if upload.size > self.max_case_file_bytes:
            raise ValidationError(_("案件信息文件太大了（最多 5 MB）。"))
        return upload
