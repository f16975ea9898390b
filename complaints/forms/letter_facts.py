"""The case-file facts a letter lacks, asked on its preview page (the borrower's name or address, the collector's or
the lender's name or address), so a letter never ends in "fill this in somewhere else".

Each item's inputs are the case section form's own (complaints/forms/cases.py), and a submission is checked by
that section form with the rest of the stored section, so a value is valid here exactly when it is valid on the
section's own page. The form never saves: the view hands `sections()` to services.cases.case_sections_fill."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms.cases import SECTION_FORMS
from complaints.forms.log import AccessibleErrorsMixin
from guidance import vocabulary


def _address(key: str = "address") -> tuple[str, ...]:
    return tuple(f"{key}_{part}" for part in vocabulary.ADDRESS_PARTS)


# A letter's missing item (LetterDraft.missing_paths) -> (case section, that section form's fields that hold it).
FILLABLE = {
    "borrower.name": ("borrower", ("name",)),
    "borrower.phone": ("borrower", ("phone",)),
    "borrower.id_number": ("borrower", ("id_number",)),
    "borrower.address": ("borrower", _address()),
    "borrower.postcode": ("borrower", ("address_postcode",)),
    "collector.name": ("collector", ("name",)),
    "collector.address": ("collector", _address()),
    "lender.name": ("lender", ("name",)),
    "lender.address": ("lender", _address()),
}
LEGENDS = {
    "borrower.name": _("你的姓名"),
    "borrower.phone": _("你的手机号码"),
    "borrower.id_number": _("你的身份证号码"),
    "borrower.address": _("你的通讯地址"),
    "borrower.postcode": _("你的邮政编码"),
    "collector.name": _("催收方的名称"),
    "collector.address": _("催收方的通讯地址（可不填）"),
    "lender.name": _("放贷机构的名称"),
    "lender.address": _("放贷机构的通讯地址"),
}
HINTS = {
    "collector.name": _("催收公司的名称，或自己催收的放贷机构的名称：可在催收短信的落款、借款App或借款合同里找到。"),
    "collector.address": _("不知道也可以：这封信可以用短信、电子邮件或借款App的消息发送。地址可能写在借款合同、借款App的“关于我们”页面，"
                           "或者可以问借款App的客服。"),
    "lender.name": _("借款合同或借款App里写的公司全称，例如：某某消费金融有限公司。"),
    "lender.address": _("借款合同、借款App的“关于我们”页面或国家企业信用信息公示系统上的注册地址。"),
}
# Where a value counts as given: the field that must not stay empty for the item to be complete.
_GIVEN = {"borrower.address": "address_street", "borrower.postcode": "address_postcode", "collector.address": "address_street",
          "lender.address": "address_street"}


class LetterFactsForm(AccessibleErrorsMixin, forms.Form):
    """One group of inputs per item: required for `missing` items, optional for `optional` ones (a collector's
    address, which the letter does without). `case_data`: the stored case file, which the sections are merged into."""

    def __init__(self, *args, case_data: dict, missing, optional=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.case_data = case_data
        self.groups = []
        for path in [*missing, *optional]:
            if path not in FILLABLE:
                continue
            section, names = FILLABLE[path]
            source = SECTION_FORMS[section]()
            stored = SECTION_FORMS[section].initial_from(case_data.get(section))
            own = []
            for name in names:
                key = f"{section}-{name}"
                if key in self.fields:
                    continue
                self.fields[key] = copy.deepcopy(source.fields[name])
                self.initial[key] = stored.get(name, "")
                own.append(key)
            if own:
                self.groups.append({"path": path, "legend": LEGENDS[path], "help": HINTS.get(path, ""),
                                    "required": path in missing, "names": own})

    @property
    def fieldsets(self) -> list[dict]:
        return [{**group, "fields": [self[name] for name in group["names"]]} for group in self.groups]

    def _section_names(self, section: str) -> list[str]:
        return [name for name in self.fields if name.startswith(f"{section}-")]

    def clean(self):
        cleaned = super().clean()
        self._sections = {}
        for section in dict.fromkeys(FILLABLE[group["path"]][0] for group in self.groups):
            form_class = SECTION_FORMS[section]
            names = self._section_names(section)
            if any(name in self.errors for name in names):
                continue
            data = form_class.initial_from(self.case_data.get(section))
            data.update({name.removeprefix(f"{section}-"): cleaned.get(name) or "" for name in names})
            checked = form_class(data=data)
            if not checked.is_valid():
                for name, errors in checked.errors.items():
                    key = f"{section}-{name}"
                    self.add_error(key if key in self.fields else None, errors)
                continue
            self._sections[section] = {**(self.case_data.get(section) or {}), **checked.section_value()}
        for group in self.groups:
            section, names = FILLABLE[group["path"]]
            key = f"{section}-{_GIVEN.get(group['path'], names[0])}"
            if group["required"] and key not in self.errors and not str(cleaned.get(key) or "").strip():
                self.add_error(key, _("请填写这一项，文书才能生成。"))
        return cleaned

    def sections(self) -> dict:
        """{section: its new value}, the stored section with what was typed here; only after is_valid()."""
        return self._sections
