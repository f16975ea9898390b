"""A complete case file and the typed fields that make every letter kind complete: the sample the letters tests
and bench/letters_bench.py share (kept out of tests/ so the benchmark never imports the test suite)."""

import copy
import datetime as dt
import json
from pathlib import Path

from django.utils import timezone

from complaints.services.cases import case_create
from guidance.schema import parse_case_file

CASE_PATH = Path(__file__).parent / "letters_case.json"
TODAY = dt.date(2026, 3, 20)

# What the borrower types on the preview page for each kind (the case file does not hold these).
COMPLETE_INPUTS = {
    "repayment_proposal": {"hardship": "本人于2026年1月失业，目前靠打零工维持生活", "monthly_amount": "800",
                           "installments": "12", "first_payment_date": "2026-04-15"},
    "carrier_complaint": {"addressee_address": "广东省广州市天河区珠江新城示例路10号", "addressee_postcode": "510623"},
    "miit_appeal": {"addressee_address": "广东省广州市越秀区示例大道200号", "addressee_postcode": "510030",
                    "carrier_address": "广东省广州市天河区珠江新城示例路10号"},
    "regulator_complaint": {"addressee_name": "国家金融监督管理总局重庆监管局", "addressee_address": "重庆市渝中区示例街5号",
                            "addressee_postcode": "400010"},
    "police_report": {"police_station": "深圳市公安局南山分局粤海派出所"},
    "consumer_association_complaint": {"addressee_name": "深圳市消费者委员会", "addressee_address": "广东省深圳市福田区示例路8号",
                                       "addressee_postcode": "518048"},
    "civil_complaint": {"court_name": "深圳市南山区人民法院", "gender": "男", "birth_date": "1990-01-01", "ethnicity": "汉族",
                        "occupation": "程序员", "employer": "无", "compensation_amount": "5000",
                        "mental_harm": "长期失眠，2026年3月10日到医院就诊"},
}


def load_case() -> dict:
    """The fixture as the app holds it: checked and normalised by the contract's parser (numbers in E.164)."""
    return parse_case_file(json.loads(CASE_PATH.read_text(encoding="utf-8")), today=TODAY)


def case_with(**changes) -> dict:
    case = copy.deepcopy(load_case())
    for dotted, value in changes.items():
        node = case
        *parents, last = dotted.split("__")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return case


def target_for(kind: str) -> str:
    """Per-carrier letters are tested on the China Mobile number of the case file."""
    return "中国移动" if kind in ("carrier_complaint", "miit_appeal") else ""


def stored_case(owner):
    """The fixture case stored for `owner` as of today, with no steps taken and without its log (tests add what they need)."""
    return case_create(owner=owner, actor=owner, data={**load_case(), "today": timezone.localdate().isoformat(), "steps_taken": [], "log": []})
