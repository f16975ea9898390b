"""letter_label names each letter after its own addressee (complaints/letters/labels.py)."""

import pytest
from django.utils import translation

from complaints.letters.labels import letter_label

CASE = {"lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
        "collector": {"name": "某某信息咨询有限公司", "kind": "outsourced_agency"}}


@pytest.mark.parametrize(("kind", "target", "label"), [
    ("carrier_complaint", "中国电信", "致中国电信的投诉信"),
    # The number's carrier is unknown: the letter goes to "the carrier", never to the lender named in the case.
    ("carrier_complaint", "", "致运营商的投诉信"),
    ("miit_appeal", "", "就运营商向电信用户申诉受理机构提交的申诉书"),
    ("lender_complaint", "", "致某某消费金融有限公司的投诉信"),
    ("collector_cease", "", "致某某信息咨询有限公司的停止催收函"),
    ("regulator_complaint", "", "致金融监管部门的投诉信"),
])
def test_each_letter_is_named_after_its_own_addressee(kind, target, label):
    with translation.override("zh-hans"):
        assert letter_label(kind, target, CASE) == label
