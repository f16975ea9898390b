"""Letters state what the case holds, no more and no less (issue 13): statements and the log merged, code bombing
named as such, every demand and citation resting on a fact of the case, no template artefacts, and facts sections
that are this borrower's own (two cases never share a facts paragraph)."""

import datetime as dt
import re

import pytest

from complaints.letters import facts
from complaints.letters.compose import compose, letter_case, letter_targets, plain_text, render_html
from complaints.management.letter_samples import COMPLETE_INPUTS
from guidance import analysis
from guidance.schema import parse_case_file

TODAY = dt.date(2026, 3, 20)
HOME = {"province": "四川省", "city": "成都市", "district": "武侯区", "street": "人民南路四段1号", "postcode": "610041"}
LENDER_ADDRESS = {"province": "北京市", "city": "北京市", "district": "朝阳区", "street": "建国路1号", "postcode": "100020"}
INPUTS = {**COMPLETE_INPUTS, "civil_complaint": {**COMPLETE_INPUTS["civil_complaint"], "mental_harm": "长期失眠，曾到医院就诊"}}


def case_file(**parts) -> dict:
    case = {
        "spec": "zhirao-case/1", "today": TODAY.isoformat(),
        "borrower": {"name": "李梅", "phone": "13700001111", "id_number": "440301199001011234", "address": HOME},
        "lender": {"name": "某某小额贷款有限公司", "kind": "microloan", "address": LENDER_ADDRESS},
        "collector": {"kind": "unknown"},
        "harassment": {}, "log": [], "steps_taken": [], "wants": ["stop_harassment"],
    }
    for key, value in parts.items():
        case[key] = value if not isinstance(value, dict) or not isinstance(case.get(key), dict) else {**case[key], **value}
    return parse_case_file(case, today=TODAY)


def sms(at, number, text, target="self", channel="sms"):
    return {"at": at, "channel": channel, "from_number": number, "target": target, "text": text}


def draft(case, kind, target=""):
    return compose(case, kind, today=TODAY, target=target, inputs=INPUTS.get(kind, {}))


def text_of(case, kind, target=""):
    letter = draft(case, kind, target)
    return plain_text(letter) + "\n" + "\n".join(f"{c.law_title}{c.article}" for c in letter.citations)


STATED_AND_THREE_SMS = {
    "harassment": {"channels": ["sms", "call"], "targets": ["self"], "first_seen": "2026-02-01", "max_per_day": 300},
    "log": [sms("2026-03-02T10:00:00+08:00", "17012345678", "今天必须还款"),
         sms("2026-03-02T10:05:00+08:00", "17012345678", "不还就等着"),
         sms("2026-03-03T11:00:00+08:00", "17012345679", "最后通知")],
}
CODE_BOMBING = {
    "harassment": {"channels": ["verification_code_bombing"], "targets": ["self"], "first_seen": "2026-02-10", "max_per_day": 500},
    "log": [sms("2026-03-02T10:00:00+08:00", "1069012345678", "【某商城】您的验证码是1234", channel="verification_code_bombing"),
         sms("2026-03-02T10:01:00+08:00", "10690987654321", "【某视频】验证码5678", channel="verification_code_bombing")],
}


def test_statements_and_log_are_merged_never_replaced():
    facts = "\n".join(draft(case_file(**STATED_AND_THREE_SMS), "collector_cease").facts)
    assert "自2026年2月1日起" in facts and "最多时一天达300次" in facts  # her statement stays
    assert "逐条记录了其中3次" in facts and "2026年3月2日一天即达2次" in facts  # the log adds its specifics
    assert "今天必须还款" in facts


def test_unlogged_numbers_are_not_shown_as_zero_contacts():
    case = case_file(collector={"kind": "unknown", "numbers": ["17012345678"]}, harassment={"channels": ["call"], "max_per_day": 20})
    html = render_html(draft(case, "collector_cease"))
    assert "未逐条记录（陈述中提到的号码）" in html
    assert "<td>0</td>" not in html
    assert "（本人陈述的号码，未逐条记录）" in plain_text(draft(case, "collector_cease"))


def test_code_bombing_is_named_with_its_peak_and_its_ports_are_not_the_collectors():
    case = case_file(**CODE_BOMBING)
    text = text_of(case, "collector_cease")
    assert "验证码短信轰炸" in text and "最多时一天达500条" in text and "自2026年2月10日起" in text
    assert "被滥用来发送验证码的网站或应用程序的端口，并非催收方自己的号码" in text
    assert "反复联系本人" not in text and "21时" not in text  # a flood of codes is not the collector calling at night
    # No carrier letter treats the abused sites' ports as the collector's lines.
    assert [target for kind, target in letter_targets(case) if kind == "carrier_complaint"] == []


@pytest.mark.parametrize("kind", ["collector_cease", "lender_complaint", "police_report", "civil_complaint", "regulator_complaint"])
def test_every_letter_to_collector_lender_police_and_court_demands_the_bombing_stop(kind):
    letter = draft(case_file(**CODE_BOMBING, wants=["stop_harassment", "compensation"]), kind)
    assert any("验证码短信轰炸" in demand for demand in letter.demands), kind
    if kind in ("collector_cease", "police_report"):
        assert any(c.law == "public_security_admin_punishments_law_2025" and c.article == "第五十条" for c in letter.citations)


def test_no_demand_or_allegation_without_its_fact():
    case = case_file(harassment={"channels": ["call"], "targets": ["self"], "max_per_day": 5},
                     log=[sms("2026-03-02T10:00:00+08:00", "17012345678", "请尽快还款", channel="call")])
    for kind in ("collector_cease", "lender_complaint", "regulator_complaint", "police_report", "civil_complaint", "repayment_proposal"):
        text = text_of(case, kind)
        for word in ("通讯录联系人", "工作单位", "家人", "21时", "辱骂", "威胁", "诽谤", "冒充", "联系本人及", "第一千零二十四条",
                     "第一百一十一条", "赔礼道歉", "第六十九条", "验证码"):
            assert word not in text.replace("原告工作单位", "").replace("工作单位：", ""), (kind, word)


def test_a_letter_never_cites_itself_as_an_earlier_step():
    case = case_file(**STATED_AND_THREE_SMS, steps_taken=[{"action": "demand_collector_stop", "on": "2026-03-05", "result": "continued"}])
    assert "书面要求催收方停止违规催收" not in "\n".join(draft(case, "collector_cease").facts)
    assert "2026年3月5日书面要求催收方停止违规催收，此后骚扰仍在继续" in "\n".join(draft(case, "lender_complaint").facts)


NAMES = iter(["陈一", "林二", "黄三", "周四", "吴五", "郑六", "孙七", "钱八", "冯九", "卫十"])


def named(case: dict) -> dict:
    """Each case of the ten is a different borrower (as two real cases are)."""
    if case["borrower"]["name"] == "李梅":
        case["borrower"]["name"] = next(NAMES)
    return case


CASES = [named(case) for case in [
    case_file(**STATED_AND_THREE_SMS),
    case_file(**CODE_BOMBING),
    case_file(harassment={"channels": ["call"], "targets": ["self", "family"], "content": ["threat_violence"], "night_contact": True},
              lender={"name": "某某网络小额贷款有限公司", "kind": "unlicensed"}),
    case_file(borrower={"name": "王强", "phone": "13900002222", "address": HOME}, lender={"name": "某某银行股份有限公司", "kind": "bank",
              "address": LENDER_ADDRESS, "loan_reference": "XY-8899"},
              collector={"name": "某某资产管理有限公司", "kind": "outsourced_agency", "numbers": ["13812345678"]},
              harassment={"channels": ["sms"], "targets": ["self", "employer"], "content": ["disclose_debt"], "max_per_day": 12},
              log=[sms("2026-03-04T09:00:00+08:00", "13812345678", "王强在贵单位吗？他欠我们钱", target="employer")]),
    case_file(harassment={"channels": ["wechat"], "targets": ["self", "contacts"], "content": ["insult"], "first_seen": "2026-01-05"},
              collector={"kind": "lender_itself"}),
    case_file(harassment={"channels": ["call", "sms"], "targets": ["self"], "max_per_day": 60, "first_seen": "2025-12-20",
                          "content": ["false_legal_threat", "impersonating_officials"]}),
    case_file(log=[sms("2026-03-10T22:30:00+08:00", "13511112222", "你家人也跑不了"),
                   sms("2026-03-11T07:10:00+08:00", "13511112222", "今天再不还就上门", target="family")]),
    case_file(harassment={"channels": ["visit"], "targets": ["self", "family"], "first_seen": "2026-03-01"},
              steps_taken=[{"action": "report_police", "on": "2026-03-15", "result": "no_reply"}]),
    case_file(harassment={"channels": ["sms"], "targets": ["self", "other_third_party"], "max_per_day": 8, "content": ["obscene"]},
              log=[sms("2026-02-14T13:00:00+08:00", "16512345678", "淫秽内容略")]),
    case_file(borrower={"name": "赵敏", "phone": "13600003333", "address": HOME}, lender={"name": "某某消费金融股份有限公司",
              "kind": "consumer_finance", "address": LENDER_ADDRESS},
              harassment={"channels": ["call"], "targets": ["self", "employer", "family"], "max_per_day": 25, "first_seen": "2026-02-20",
                          "content": ["threat_exposure"]},
              steps_taken=[{"action": "complain_lender", "on": "2026-03-01", "result": "continued", "reference": "TS20260301"}]),
]]


@pytest.mark.parametrize("kind", ["collector_cease", "lender_complaint", "police_report"])
def test_ten_cases_share_no_facts_paragraph(kind):
    seen: dict[str, int] = {}
    for index, case in enumerate(CASES):
        for paragraph in draft(case, kind).facts:
            assert seen.setdefault(paragraph, index) == index, f"case {seen[paragraph]} and case {index} share: {paragraph}"


@pytest.mark.parametrize("case", CASES)
def test_no_template_artefacts_in_any_letter(case):
    for kind, target in letter_targets(case):
        letter = draft(case, kind, target)
        if letter.missing:
            continue
        text = plain_text(letter) + "".join(letter.attachments)
        assert "/" not in text.replace("http://", "").replace("https://", ""), (kind, text)
        assert not re.search(r"(本人|原告|报案人)\1", text), kind
        assert not re.search(r"[，、；：]。|。。|，，|（）|\(\)", text), (kind, text)
        assert not re.search(r"[a-z]+_[a-z_]+", text), kind  # no English ids


def test_a_letter_quotes_her_own_words_and_names_her_dates_and_numbers():
    for case in CASES:
        facts = "\n".join(draft(case, "lender_complaint").facts)
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", facts) or "据本人陈述" in facts


def test_consumer_association_complaint_asks_for_mediation_under_article_39():
    case = CASES[9]
    letter = draft(case, "consumer_association_complaint")
    assert letter.missing == [] and letter.addressee.name == "深圳市消费者委员会"
    assert "调解" in letter.demands[0] and "某某消费金融股份有限公司" in letter.intro
    assert ("consumer_protection_law", "第三十九条") in {(c.law, c.article) for c in letter.citations}
    assert "2026年3月1日向放贷机构投诉，工单号或受理编号为TS20260301，此后骚扰仍在继续" in "\n".join(letter.facts)
    assert "向放贷机构投诉的记录（由本人另附）" in letter.attachments
    assert ("consumer_association_complaint", "") in letter_targets(case)


def test_stored_values_that_only_repeat_the_log_are_not_told_as_her_statement():
    # The case pages store what the log proves in `harassment`: a first day and a peak equal to the log's are the
    # log's (told with their dates), not something she stated.
    log = STATED_AND_THREE_SMS["log"]
    case = case_file(harassment={"channels": ["sms"], "first_seen": "2026-03-02", "max_per_day": 2}, log=log)
    facts = "\n".join(draft(case, "collector_cease").facts)
    assert "自2026年3月2日起" not in facts and "最多时一天达2次" not in facts
    assert "2026年3月2日一天即达2次" in facts


def test_the_12321_text_is_pasted_as_it_is_and_calls_no_abused_port_the_collectors():
    text = plain_text(draft(case_file(**CODE_BOMBING), "report_12321"))
    assert "复制" not in text and "被用于催收骚扰" not in text
    assert "12321网络不良与垃圾信息举报受理中心" in render_html(draft(case_file(**CODE_BOMBING), "report_12321"))


def test_a_pboc_complaint_prints_the_id_number_its_rules_ask_for():
    case = CASES[9]
    letter = compose(case, "regulator_complaint", today=TODAY, inputs={**INPUTS["regulator_complaint"], "regulator": "pboc"})
    assert letter.missing == [] and letter.addressee.hotline == "12363"
    assert "身份证号码：440301199001011234" in render_html(letter)
    assert "身份证号码" not in render_html(draft(case, "regulator_complaint"))


def test_when_only_others_were_contacted_the_letter_does_not_say_she_was():
    case = case_file(harassment={"channels": ["call"], "targets": ["family"], "max_per_day": 3})
    text = text_of(case, "collector_cease") + text_of(case, "civil_complaint")
    assert "本人及" not in text and "原告及" not in text
    assert "本人的家人" in text and "原告的家人" in text
    assert not re.search("反复联系本人(?!的)", text)


CONTACT = {"province": "四川省", "city": "成都市", "district": "青羊区", "street": "法律援助中心1号", "postcode": "610015"}


def test_letters_use_the_contact_address_but_police_and_court_papers_her_home():
    case = case_file(borrower={"name": "李梅", "phone": "13700001111", "id_number": "440301199001011234", "address": HOME,
                               "contact_address": CONTACT},
                     harassment={"channels": ["call"], "content": ["threat_violence"], "targets": ["self"]})
    assert draft(case, "collector_cease").sender.address.endswith("法律援助中心1号")
    assert draft(case, "lender_complaint").sender.address.endswith("法律援助中心1号")
    assert draft(case, "police_report").sender.address.endswith("人民南路四段1号")
    assert draft(case, "civil_complaint").sender.address.endswith("人民南路四段1号")
    threatened = case_file(harassment={"channels": ["call"], "content": ["threat_violence"]})
    assert draft(threatened, "collector_cease").sender.address == "" and draft(threatened, "pipl_request").sender.address == ""


def _step_log():
    return [{"at": f"2026-03-{day:02d}T10:00:00+08:00", "channel": "call", "from_number": number, "target": "self"}
            for day, number in [(2, "17012345678"), (6, "17012345678"), (8, "17012345679"), (9, "17012345679")]]


@pytest.mark.parametrize("kind", ["regulator_complaint", "police_report", "carrier_complaint", "consumer_association_complaint"])
def test_a_step_answered_continued_is_followed_by_the_contacts_logged_since(kind):
    steps = [{"action": "demand_collector_stop", "on": "2026-03-01", "result": "continued"},
             {"action": "complain_lender", "on": "2026-03-05", "result": "continued"}]
    case = case_file(log=_step_log(), steps_taken=steps, harassment={"channels": ["call"]})
    target = "中国电信" if kind == "carrier_complaint" else ""
    draft = compose(case, kind, today=TODAY, target=target, inputs=INPUTS.get(kind, {}))
    me = "报案人" if kind == "police_report" else "本人"
    since = [paragraph for paragraph in draft.facts if "以来" in paragraph]
    # The last step after which it went on (the lender complaint of 5 March), counted from 6 March; the police
    # report, a step of its own action, never counts itself.
    assert since == [f"自2026年3月5日{me}向放贷机构投诉以来，{me}仍记录到催收方3次联系（电话3次），来自2个号码，"
                     "最近一次在2026年3月9日。"]
    assert draft.facts.index(since[0]) == next(index for index, paragraph in enumerate(draft.facts) if "向放贷机构投诉，" in paragraph) + 1


def test_no_since_sentence_without_a_continued_step_or_contacts_since_or_for_the_steps_own_letter():
    log = _step_log()
    no_result = case_file(log=log, steps_taken=[{"action": "demand_collector_stop", "on": "2026-03-01"}])
    nothing_since = case_file(log=log, steps_taken=[{"action": "demand_collector_stop", "on": "2026-03-09", "result": "continued"}])
    own = case_file(log=log, steps_taken=[{"action": "complain_lender", "on": "2026-03-01", "result": "continued"}])
    for case, kind in [(no_result, "lender_complaint"), (nothing_since, "lender_complaint"), (own, "lender_complaint")]:
        draft = compose(case, kind, today=TODAY, inputs=INPUTS.get(kind, {}))
        assert not [paragraph for paragraph in draft.facts if "以来" in paragraph], case["steps_taken"]


def test_every_draft_of_one_letter_case_shares_its_log_analyses(monkeypatch):
    """A letters page composes a dozen drafts of a case: its log is analysed once for the contacts, once for the
    whole log and once since the last step, however many drafts are made."""
    case = case_file(**{**STATED_AND_THREE_SMS, "harassment": {"channels": ["call"], "targets": ["self", "family"]}},
                     steps_taken=[{"action": "complain_lender", "on": "2026-03-02", "result": "continued"}])
    calls = []
    monkeypatch.setattr(facts, "analyse_log", lambda items: calls.append("log") or analysis.analyse_log(items))
    monkeypatch.setattr(facts, "analyse_after", lambda items, day: calls.append("after") or analysis.analyse_after(items, day))
    read = letter_case(case)
    drafts = [compose(read, kind, today=TODAY, target=target, inputs=INPUTS.get(kind, {})) for kind, target in letter_targets(read)]
    assert len(drafts) > 10 and sorted(calls) == ["after", "log", "log"]
    assert [plain_text(letter) for letter in drafts] == [plain_text(draft(case, kind, target)) for kind, target in letter_targets(case)]
