"""The figures for negotiating repayment (case file `negotiation`): optional, whole yuan."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _yuan(label, help_text):
    return forms.IntegerField(label=label, help_text=help_text, required=False, min_value=0, max_value=100_000_000,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class NegotiationForm(forms.Form):
    monthly_income = _yuan(_("每月收入（元）"), _("工资、经营收入、家人固定给你的钱等，税后实际到手的数目。"))
    essential_spending = _yuan(_("每月必要开支（元）"), _("房租或房贷、吃饭、水电燃气、交通、孩子和老人、看病，以及其他必须按时还的款项。"))
    amount_owed = _yuan(_("还欠多少（元，可不填）"), _("按你知道的数目填写；对利息、费用有异议的，先写你认可的本金。"))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("monthly_income") is None) != (cleaned.get("essential_spending") is None):
            raise forms.ValidationError(_("请同时填写每月收入和每月必要开支，才能算出能承受的还款额。"))
        return cleaned

    @classmethod
    def initial_from(cls, value) -> dict:
        return dict(value or {})

    def section_value(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value is not None}
