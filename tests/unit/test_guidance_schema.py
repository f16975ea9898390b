import datetime as dt
import json

import pytest

from guidance.schema import CaseFileError, parse_case_file

FULL = {
    "spec": "zhirao-case/1",
    "today": "2026-03-20",
    "borrower": {"name": " 张三 ", "phone": "138 0013 8000", "id_number": "11010519491231002x",
                 "address": {"province": "广东省", "city": "深圳市", "district": "南山区", "street": "科技园路1号", "postcode": "518000"}},
    "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance", "app_name": "某某借", "illegal_debt_signs": False},
    "collector": {"name": "某某信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["+86 170-1234-5678", "10690000123456", "0086 17012345678"]},
    "safety": {"in_danger_now": False},
    "harassment": {"channels": ["sms", "call", "sms"], "targets": ["self", "contacts"], "content": ["threat_exposure"],
                   "night_contact": True, "max_per_day": 40, "first_seen": "2026-03-01"},
    "log": [{"at": "2026-03-14T22:41:00+08:00", "channel": "sms", "from_number": "17012345678", "target": "self", "text": "还钱",
             "evidence": ["sha256:" + "a" * 64]}],
    "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-02", "result": "no_reply"}],
    "wants": ["stop_harassment", "delete_my_data"],
}


def test_full_case_file_is_normalised():
    case = parse_case_file(json.dumps(FULL, ensure_ascii=False))
    assert case["borrower"]["name"] == "张三"
    assert case["borrower"]["phone"] == "+8613800138000"
    assert case["borrower"]["id_number"] == "11010519491231002X"
    assert case["collector"]["numbers"] == ["+8617012345678", "10690000123456"]
    assert case["harassment"]["channels"] == ["sms", "call"]
    assert case["log"][0]["from_number"] == "+8617012345678"
    assert case["today"] == "2026-03-20"


def test_empty_case_file_is_valid_and_today_is_not_frozen():
    assert parse_case_file("{}") == {"spec": "zhirao-case/1"}
    assert parse_case_file({}, today=dt.date(2026, 5, 1))["today"] == "2026-05-01"


def test_local_time_without_offset_is_read_as_shanghai_time():
    case = parse_case_file({"today": "2026-03-20", "log": [{"at": "2026-03-14T22:41:00"}]})
    assert case["log"][0]["at"] == "2026-03-14T22:41:00+08:00"


BAD = [
    ("malformed_json", '{"spec": "zhirao-case/1",', "", "不是有效的 JSON"),
    ("not_an_object", "[1, 2]", "", "应是一个 JSON 对象"),
    ("wrong_spec", {"spec": "zhirao-case/2"}, "spec", '应为 "zhirao-case/1"'),
    ("unknown_top_level_field", {"lendr": {}}, "lendr", '不认识的字段 "lendr"'),
    ("unknown_nested_field", {"borrower": {"address": {"zip": "518000"}}}, "borrower.address.zip", '不认识的字段 "zip"'),
    ("bad_enum", {"lender": {"kind": "bankk"}}, "lender.kind", '不认识的取值 "bankk"，可选：bank、consumer_finance'),
    ("bad_enum_in_list", {"harassment": {"content": ["insult", "threats"]}}, "harassment.content[1]", '不认识的取值 "threats"'),
    ("impossible_date", {"today": "2026-02-30"}, "today", "日期不存在：2026-02-30"),
    ("badly_written_date", {"harassment": {"first_seen": "2026/3/1"}}, "harassment.first_seen", "日期格式应为 YYYY-MM-DD"),
    ("future_step", {"today": "2026-03-20", "steps_taken": [{"action": "complain_lender", "on": "2026-03-21"}]},
     "steps_taken[0].on", "晚于今天"),
    ("future_log_entry", {"today": "2026-03-20", "log": [{"at": "2026-03-21T09:00:00+08:00"}]}, "log[0].at", "晚于今天"),
    ("unknown_action", {"steps_taken": [{"action": "complain_police", "on": "2026-01-01"}]}, "steps_taken[0].action", '不认识的取值 "complain_police"'),
    ("unknown_result", {"steps_taken": [{"action": "complain_lender", "on": "2026-01-01", "result": "ignored"}]},
     "steps_taken[0].result", '不认识的取值 "ignored"'),
    ("step_without_date", {"steps_taken": [{"action": "complain_lender"}]}, "steps_taken[0].on", "缺少这个必填字段"),
    ("wrong_type_bool", {"safety": {"in_danger_now": "yes"}}, "safety.in_danger_now", "应为布尔值"),
    ("wrong_type_count", {"harassment": {"max_per_day": True}}, "harassment.max_per_day", "应为整数"),
    ("wrong_type_list", {"wants": "stop_harassment"}, "wants", "应为列表"),
    ("bad_postcode", {"lender": {"address": {"postcode": "51800"}}}, "lender.address.postcode", "邮政编码应为 6 位数字"),
    ("not_a_phone", {"collector": {"numbers": ["催收电话"]}}, "collector.numbers[0]", "不是电话号码"),
    ("bad_id_number", {"borrower": {"id_number": "110105194912310021"}}, "borrower.id_number", "校验位"),
    ("bad_evidence_ref", {"log": [{"at": "2020-01-01T10:00:00+08:00", "evidence": ["md5:abc"]}]}, "log[0].evidence[0]", "sha256"),
]


@pytest.mark.parametrize(("data", "field", "fragment"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_case_files_name_the_field_and_the_problem(data, field, fragment):
    with pytest.raises(CaseFileError) as caught:
        parse_case_file(data)
    assert caught.value.field == field
    assert fragment in caught.value.message
    assert caught.value.line().startswith(f"{field}: " if field else caught.value.message[:4])
    assert caught.value.message_en != caught.value.message


def test_english_variant():
    with pytest.raises(CaseFileError) as caught:
        parse_case_file({"lender": {"kind": "bankk"}})
    assert caught.value.line("en") == 'lender.kind: unknown value "bankk"; allowed: bank, consumer_finance, microloan, online_platform, unlicensed, unknown'
