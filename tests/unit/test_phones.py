"""guidance.phones: every kind of number a borrower may type, with its kind and its operator."""

import re
from string import Formatter

import pytest

from guidance.phone_caveats import CAVEATS, Text
from guidance.phones import (
    CARRIER_NAMES_EN,
    MIIT_12321,
    UNKNOWN,
    Addressee,
    dialled_abroad,
    find_numbers,
    mainland_mobile,
    normalize_number,
    parse_number_list,
    phone_info,
    split_numbers,
)

CASES = [
    # id, typed, kind, carrier, normalized
    ("mobile-plain", "13800138000", "mobile", "中国移动", "+8613800138000"),
    ("mobile-plus86-dashes", "+86 138-0013-8000", "mobile", "中国移动", "+8613800138000"),
    ("mobile-0086", "0086 13800138000", "mobile", "中国移动", "+8613800138000"),
    ("mobile-86-no-plus", "8613800138000", "mobile", "中国移动", "+8613800138000"),
    ("mobile-full-width", "１３８００１３８０００", "mobile", "中国移动", "+8613800138000"),
    ("mobile-full-width-plus", "＋８６ １３９－１２３４－５６７８", "mobile", "中国移动", "+8613912345678"),
    ("mobile-spaces-344", "186 1234 5678", "mobile", "中国联通", "+8618612345678"),
    ("mobile-brackets", "(+86) 189 1234 5678", "mobile", "中国电信", "+8618912345678"),
    ("mobile-unicom-130", "13012345678", "mobile", "中国联通", "+8613012345678"),
    ("mobile-unicom-166", "16612345678", "mobile", "中国联通", "+8616612345678"),
    ("mobile-telecom-199", "19912345678", "mobile", "中国电信", "+8619912345678"),
    ("mobile-telecom-173", "173 1234 5678", "mobile", "中国电信", "+8617312345678"),
    ("mobile-mobile-198", "19812345678", "mobile", "中国移动", "+8619812345678"),
    ("mobile-broadnet-192", "19212345678", "mobile", "中国广电", "+8619212345678"),
    ("mobile-tel-prefix", "tel:+8615012345678", "mobile", "中国移动", "+8615012345678"),
    ("virtual-170-telecom", "17012345678", "virtual_mobile", "中国电信", "+8617012345678"),
    ("virtual-1703-mobile", "17031234567", "virtual_mobile", "中国移动", "+8617031234567"),
    ("virtual-1708-unicom", "170 8123 4567", "virtual_mobile", "中国联通", "+8617081234567"),
    ("virtual-171", "17112345678", "virtual_mobile", "中国联通", "+8617112345678"),
    ("virtual-162", "16212345678", "virtual_mobile", "中国电信", "+8616212345678"),
    ("virtual-165", "+86 165 1234 5678", "virtual_mobile", "中国移动", "+8616512345678"),
    ("virtual-167", "16712345678", "virtual_mobile", "中国联通", "+8616712345678"),
    ("landline-beijing-dash", "010-12345678", "landline", UNKNOWN, "+861012345678"),
    ("landline-beijing-brackets", "(010) 1234 5678", "landline", UNKNOWN, "+861012345678"),
    ("landline-shenzhen-spaces", "0755 8888 8888", "landline", UNKNOWN, "+8675588888888"),
    ("landline-plus86-trunk-zero", "+86 0755 88888888", "landline", UNKNOWN, "+8675588888888"),
    ("landline-plus86-no-zero", "+86 10 12345678", "landline", UNKNOWN, "+861012345678"),
    ("landline-shanghai", "021-12345678", "landline", UNKNOWN, "+862112345678"),
    ("landline-no-area-code", "88888888", "landline", UNKNOWN, "88888888"),
    ("sms-port-1069-cross-network", "10690000123456", "sms_port", UNKNOWN, "10690000123456"),
    ("sms-port-1069-spaces", "1069 0123 4567 89", "sms_port", UNKNOWN, "10690123456789"),
    ("sms-port-10658-mobile", "1065812345678", "sms_port", "中国移动", "1065812345678"),
    ("sms-port-10657-mobile", "10657120012345", "sms_port", "中国移动", "10657120012345"),
    ("sms-port-10655-unicom", "106550123456", "sms_port", "中国联通", "106550123456"),
    ("sms-port-10659-telecom", "1065902100123", "sms_port", "中国电信", "1065902100123"),
    ("service-95588-bank", "95588", "service_number", UNKNOWN, "95588"),
    ("service-96xxx-local", "96110", "service_number", UNKNOWN, "96110"),
    ("service-950-six-digits", "950123", "service_number", UNKNOWN, "950123"),
    ("service-12321", "12321", "service_number", UNKNOWN, "12321"),
    ("service-10086-own-line", "10086", "service_number", "中国移动", "10086"),
    ("service-10010-own-line", "10010", "service_number", "中国联通", "10010"),
    ("service-10000-own-line", "10000", "service_number", "中国电信", "10000"),
    ("service-10099-own-line", "10099", "service_number", "中国广电", "10099"),
    ("service-110", "110", "service_number", UNKNOWN, "110"),
    ("service-119", "119", "service_number", UNKNOWN, "119"),
    ("service-120", "120", "service_number", UNKNOWN, "120"),
    ("service-122", "122", "service_number", UNKNOWN, "122"),
    ("service-12345", "12345", "service_number", UNKNOWN, "12345"),
    ("service-12315-plus86", "+86 12315", "service_number", UNKNOWN, "12315"),
    ("shared-cost-400", "400-123-4567", "shared_cost", UNKNOWN, "+864001234567"),
    ("shared-cost-800", "800 123 4567", "shared_cost", UNKNOWN, "+868001234567"),
    ("shared-cost-400-plus86", "+86 400 123 4567", "shared_cost", UNKNOWN, "+864001234567"),
    ("foreign-hong-kong", "+852 9123 4567", "foreign", UNKNOWN, "+85291234567"),
    ("foreign-us", "+1 (202) 555-0123", "foreign", UNKNOWN, "+12025550123"),
    ("foreign-us-00", "001 202 555 0123", "foreign", UNKNOWN, "+12025550123"),
]

INVALID = [
    ("empty", ""),
    ("spaces-only", "   "),
    ("letters", "hello"),
    ("digits-and-letters", "138abc00138"),
    ("too-short-mobile", "1380013"),
    ("too-long-mobile", "138001380001"),
    ("three-digits", "123"),
    ("not-a-mobile-range", "12345678901"),
    ("port-too-short", "10612"),
    ("foreign-garbage", "+999 123"),
    ("plus-only", "+"),
    ("full-width-digits-with-letter", "13８00１38000x"),
]


@pytest.mark.parametrize(("typed", "kind", "carrier", "normalized"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_phone_info_kind_carrier_and_normalized(typed, kind, carrier, normalized):
    info = phone_info(typed)
    assert info.kind == kind
    assert info.carrier == carrier
    assert info.normalized == normalized
    assert info.input == typed
    assert normalize_number(typed) == normalized


@pytest.mark.parametrize("typed", [c[1] for c in INVALID], ids=[c[0] for c in INVALID])
def test_phone_info_invalid(typed):
    info = phone_info(typed)
    assert info.kind == "invalid"
    assert info.e164 is None
    assert info.complain_to is None
    assert normalize_number(typed) is None


def test_at_least_forty_numbers_of_every_kind_are_covered():
    kinds = {c[2] for c in CASES} | {"invalid"}
    assert len(CASES) + len(INVALID) >= 40
    assert kinds == {"mobile", "virtual_mobile", "landline", "sms_port", "service_number", "shared_cost", "foreign", "invalid"}


@pytest.mark.parametrize(
    ("typed", "name", "hotline"),
    [
        ("13800138000", "中国移动", "10086"),
        ("18612345678", "中国联通", "10010"),
        ("18912345678", "中国电信", "10000"),
        ("19212345678", "中国广电", "10099"),
        ("17012345678", "中国电信", "10000"),
        ("10690000123456", MIIT_12321.name, "12321"),
        ("0755 8888 8888", MIIT_12321.name, "12321"),
        ("+852 9123 4567", MIIT_12321.name, "12321"),
    ],
)
def test_complain_to_follows_the_network(typed, name, hotline):
    info = phone_info(typed)
    assert info.complain_to.name == name
    assert info.complain_to.hotline == hotline


EMERGENCY = ["110", "119", "120", "122"]
PUBLIC_SERVICE = ["12345", "12315", "12321", "12378", "12363", "12381"]


@pytest.mark.parametrize("typed", EMERGENCY + PUBLIC_SERVICE)
def test_emergency_and_public_service_numbers_have_no_one_to_complain_to(typed):
    info = phone_info(typed)
    assert (info.kind, info.carrier, info.normalized) == ("service_number", UNKNOWN, typed)
    assert info.complain_to is None
    assert info.to_dict()["complain_to"] is None
    [caveat] = info.caveats
    assert caveat.startswith(typed) and "不是催收方的号码" in caveat and "无需为它向运营商投诉" in caveat


@pytest.mark.parametrize(("typed", "name"), [("110", "报警电话"), ("119", "火警电话"), ("120", "急救电话"), ("122", "交通事故报警电话")])
def test_emergency_caveat_names_the_service(typed, name):
    [caveat] = phone_info(typed).caveats
    assert f"{typed}是{name}" in caveat and "紧急求助号码" in caveat


@pytest.mark.parametrize("typed", PUBLIC_SERVICE)
def test_public_service_caveat_says_it_is_a_public_hotline(typed):
    [caveat] = phone_info(typed).caveats
    assert "公益服务热线" in caveat and "紧急" not in caveat


@pytest.mark.parametrize(
    ("typed", "carrier", "name", "hotline"),
    [
        # Collectors' service numbers and value-added 125xx lines keep the 12321 advice; operators' lines their own.
        ("95588", UNKNOWN, MIIT_12321.name, "12321"),
        ("96110", UNKNOWN, MIIT_12321.name, "12321"),
        ("950123", UNKNOWN, MIIT_12321.name, "12321"),
        ("12580", UNKNOWN, MIIT_12321.name, "12321"),
        ("10086", "中国移动", "中国移动", "10086"),
        ("10000", "中国电信", "中国电信", "10000"),
    ],
)
def test_other_service_numbers_keep_their_complaint_advice(typed, carrier, name, hotline):
    info = phone_info(typed)
    assert (info.kind, info.carrier) == ("service_number", carrier)
    assert (info.complain_to.name, info.complain_to.hotline) == (name, hotline)
    assert info.caveats == ("这是企业、机构或运营商的服务号码（短号码），号码属于该单位本身。",)


@pytest.mark.parametrize(("typed", "carrier"), [("10690000123456", UNKNOWN), ("1065812345678", "中国移动")])
def test_sms_ports_keep_their_complaint_advice(typed, carrier):
    info = phone_info(typed)
    assert (info.kind, info.carrier) == ("sms_port", carrier)
    expected = MIIT_12321 if carrier == UNKNOWN else Addressee("中国移动", "10086", "China Mobile")
    assert info.complain_to == expected
    assert not any("公益" in caveat or "紧急" in caveat for caveat in info.caveats)


def test_mobile_region_and_ported_caveat():
    info = phone_info("13800138000")
    assert info.region == "北京市"
    assert info.e164 == "+8613800138000"
    assert any("携号转网" in caveat for caveat in info.caveats)


def test_landline_region_from_area_code():
    assert phone_info("0755-88888888").region == "广东省深圳市"
    assert phone_info("010 12345678").region == "北京市"


def test_foreign_region_in_chinese():
    assert phone_info("+852 9123 4567").region == "香港"


def test_virtual_operator_caveat_names_the_host():
    caveats = " ".join(phone_info("16512345678").caveats)
    assert "虚拟运营商" in caveats
    assert "中国移动" in caveats and "10086" in caveats


def test_sms_port_caveats_say_it_is_an_enterprise_port():
    cross = phone_info("10690000123456")
    assert any("企业" in caveat for caveat in cross.caveats)
    assert any("跨网" in caveat for caveat in cross.caveats)
    single = phone_info("1065812345678")
    assert any("推断" in caveat for caveat in single.caveats)


def test_to_dict_is_json_ready_and_complete():
    data = phone_info("+86 170 1234 5678").to_dict()
    assert data == {
        "input": "+86 170 1234 5678",
        "e164": "+8617012345678",
        "digits": "17012345678",
        "normalized": "+8617012345678",
        "kind": "virtual_mobile",
        "kind_label": "虚拟运营商手机号码",
        "carrier": "中国电信",
        "region": "",
        "complain_to": {"name": "中国电信", "name_en": "China Telecom", "hotline": "10000"},
        "caveats": list(phone_info("+86 170 1234 5678").caveats),
        "caveats_en": list(phone_info("+86 170 1234 5678").caveats_en),
    }
    assert data["caveats_en"][0].startswith("This is a virtual-operator range") and "China Telecom (10000)" in data["caveats_en"][0]
    assert phone_info("xyz").to_dict()["complain_to"] is None


def test_find_numbers_in_a_collection_sms():
    body = (
        "【某某金融】张三，您在本平台的借款已逾期，再不还款将通知你的通讯录和单位！"
        "速联系专员17012345678或0755-88888888，客服95588。借款12000元，应还15000元。回复TD退订"
    )
    found = [info.normalized for info in find_numbers(body)]
    assert found == ["+8617012345678", "+8675588888888", "95588"]


def test_find_numbers_ports_foreign_full_width_and_duplicates():
    body = "端口10690000123456发来：联系１３８ ００１３ ８０００，或+852 9123 4567；再说一遍13800138000。"
    found = find_numbers(body)
    assert [info.normalized for info in found] == ["10690000123456", "+8613800138000", "+85291234567"]
    assert [info.kind for info in found] == ["sms_port", "mobile", "foreign"]


def test_find_numbers_ignores_amounts_and_dates():
    assert find_numbers("欠款95000元，逾期12天，2026年3月14日，订单号2026031412345") == []


def test_find_numbers_empty():
    assert find_numbers("") == []
    assert find_numbers(None) == []


@pytest.mark.parametrize("text", ["9506162251", "95095743397", "95015521429", "+86 950 1552 1429"])
def test_ten_and_eleven_digit_95_numbers_do_not_loop(text):
    info = phone_info(text)
    assert info.kind in {"shared_cost", "invalid", "landline", "service_number"}


# Chinese characters and full-width punctuation: none of them belongs in an English caveat.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”]")


def _placeholders(template: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("caveat", CAVEATS, ids=lambda caveat: caveat.en[:30])
def test_every_caveat_has_english_with_the_same_placeholders(caveat):
    assert isinstance(caveat, Text)
    assert caveat.zh.strip() and caveat.en.strip()
    assert not CJK.search(caveat.en), caveat.en
    assert _placeholders(caveat.zh) == _placeholders(caveat.en)


NUMBERS_OF_EVERY_KIND = list(dict.fromkeys([c[1] for c in CASES] + EMERGENCY + PUBLIC_SERVICE + ["12580"]))


@pytest.mark.parametrize("typed", NUMBERS_OF_EVERY_KIND)
def test_caveats_en_say_what_the_chinese_caveats_say(typed):
    info = phone_info(typed)
    assert info.caveats, "every valid number has at least one caveat"
    assert len(info.caveats_en) == len(info.caveats)
    for zh, en in zip(info.caveats, info.caveats_en, strict=True):
        assert en and "{" not in en and "}" not in en and "{" not in zh, (zh, en)
        assert not CJK.search(en), en
        # The filled placeholders (the number, the hotline) and every other figure appear in both languages.
        assert sorted(re.findall(r"\d+", zh)) == sorted(re.findall(r"\d+", en)), (zh, en)
        for name, name_en in CARRIER_NAMES_EN.items():
            assert (name in zh) == (name_en in en), (zh, en)
    assert info.to_dict()["caveats_en"] == list(info.caveats_en)


@pytest.mark.parametrize(
    ("typed", "service"),
    [("110", "police line"), ("119", "fire service line"), ("120", "ambulance line"), ("122", "traffic-accident police line")],
)
def test_emergency_caveat_names_the_service_in_english(typed, service):
    [caveat] = phone_info(typed).caveats_en
    assert caveat.startswith(f"{typed} is the {service}, an emergency number") and "not the collector's number" in caveat


def test_virtual_operator_caveat_names_the_host_in_english():
    caveats = " ".join(phone_info("16512345678").caveats_en)
    assert "virtual-operator" in caveats and "China Mobile's network" in caveats and "China Mobile (10086)" in caveats


def test_text_fill_puts_each_language_into_its_own_text():
    filled = Text("{who}（{n}）", "{who} ({n})").fill(who=Text("中国移动", "China Mobile"), n="10086")
    assert filled == Text("中国移动（10086）", "China Mobile (10086)")


# --- the one list splitter and the checks made on top of normalize_number -----------------------------------------


def test_split_numbers_takes_every_separator_people_use_between_numbers():
    typed = "138 0013 8000\n10690000123456，95588、 +86 170-1234-5678;0755-88888888；\n\n ,"
    assert split_numbers(typed) == ["138 0013 8000", "10690000123456", "95588", "+86 170-1234-5678", "0755-88888888"]
    assert split_numbers("") == split_numbers(None) == []


def test_parse_number_list_normalises_each_once_and_names_the_wrong_pieces_by_position():
    numbers, wrong = parse_number_list("13800138000\n+86 138 0013 8000\n催收电话\n10690000123456、12")
    assert numbers == ["+8613800138000", "10690000123456"]
    assert wrong == [(3, "催收电话"), (5, "12")]


@pytest.mark.parametrize(
    ("typed", "e164"),
    [("138 0013 8000", "+8613800138000"), ("0086 13800138000", "+8613800138000"), ("１３８００１３８０００", "+8613800138000"),
     ("+86 170 1234 5678", "+8617012345678"), ("010-12345678", None), ("10690000123456", None), ("95588", None),
     ("+852 9123 4567", None), ("1380013800", None), ("", None)],
)
def test_mainland_mobile_is_a_check_on_top_of_the_normaliser(typed, e164):
    assert mainland_mobile(typed) == e164
    if e164:
        assert normalize_number(typed) == e164


@pytest.mark.parametrize(("typed", "abroad"), [("+1 202 555 0143", True), ("00852 9123 4567", True), ("+1 555", True),
                                              ("+86 138 0013 8000", False), ("13800138000", False), ("abc", False)])
def test_dialled_abroad(typed, abroad):
    assert dialled_abroad(typed) is abroad
