"""Letter drafts from a case file: facts, concrete dates, addressees, what is missing, and the law they quote."""

import datetime as dt

import pytest

from complaints.letters.compose import LetterIncomplete, compose, letter_targets, plain_text, render_html
from complaints.letters.registry import KIND_ORDER, all_kinds
from complaints.letters.selection import applicable_targets
from complaints.management.letter_samples import COMPLETE_INPUTS, TODAY, case_with, load_case, target_for
from guidance.law import article_text, citation_problems, quote_problems


def complete(kind, case=None, **extra):
    return compose(case or load_case(), kind, today=TODAY, target=target_for(kind), inputs={**COMPLETE_INPUTS.get(kind, {}), **extra})


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_every_kind_is_complete_with_the_case_file_and_typed_fields(kind):
    draft = complete(kind)
    assert draft.missing == []
    html = render_html(draft)
    assert "张三" in html and "2026年3月20日" in html
    assert "None" not in html and "{{" not in html and "《》" not in html
    assert draft.demands, kind


def test_every_citation_of_every_letter_exists_and_is_quoted_exactly():
    checked = 0
    for spec in all_kinds().values():
        citations = [{"law": item["law"], "article": item["article"]} for item in spec.citations]
        citations += [{"law": rule["law"], "article": rule["article"]} for rule in spec.reply if "law" in rule]
        citations += [rule["counting"] for rule in spec.reply if "counting" in rule]
        assert [problem for problem in citation_problems(citations) if problem.is_error] == [], spec.kind
        for item in spec.citations:
            assert [p for p in quote_problems(item["law"], item["article"], article_text(item["law"], item["article"])) if p.is_error] == []
            checked += 1
    assert checked > 40


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_rendered_quotes_match_the_law_files(kind):
    draft = complete(kind)
    assert draft.citations, kind
    for citation in draft.citations:
        assert citation.text == article_text(citation.law, citation.article)
        assert citation.law_title and citation.article.startswith("第")


def test_consumer_finance_complaint_gives_the_statutory_15_days_from_receipt():
    # The 15 days run from the lender's receipt of the complaint (第十八条), so the letter computes no date from its own.
    draft = complete("lender_complaint")
    assert draft.reply_by is None
    assert "请自贵司收到本投诉之日起15日内作出处理决定并书面告知本人" in draft.demands[-1]
    assert "第十八条" in draft.demands[-1] and "第四十三条" in draft.demands[-1]


def test_without_a_statutory_period_the_date_is_the_borrowers_own_choice():
    draft = complete("lender_complaint", case=case_with(lender__kind="microloan"))
    assert "此期限为本人给出的合理期限，并非法律规定的期限" in draft.demands[-1]
    assert "第十八条" not in draft.demands[-1]
    assert all(citation.law != "banking_insurance_complaints" for citation in draft.citations)
    cease = complete("collector_cease")
    assert cease.reply_by == dt.date(2026, 3, 27) and "合理期限" in cease.demands[-1]


def test_regulator_follows_the_lender_kind_and_invents_no_hotline():
    nfra = complete("regulator_complaint")
    assert nfra.addressee.hotline == "12378"
    local = complete("regulator_complaint", case=case_with(lender__kind="microloan"), addressee_name="")
    assert local.addressee.name == "放贷机构所在地的地方金融管理部门" and local.addressee.hotline == ""
    unknown = compose(case_with(lender__kind="unknown"), "regulator_complaint", today=TODAY, inputs={})
    assert "投诉的监管部门（放贷机构的类型不明，请选择）" in unknown.missing
    pboc = complete("regulator_complaint", regulator="pboc")
    assert pboc.addressee.hotline == "12363"
    assert {citation.article for citation in pboc.citations if citation.law.startswith("pboc")} == {"第四十条", "第四十一条", "第四十三条"}
    no_id = complete("regulator_complaint", case=case_with(borrower__id_number=""), regulator="pboc")
    assert "你的身份证号码" in no_id.missing


def test_missing_fields_are_listed_in_chinese_and_the_letter_is_not_produced():
    case = case_with(collector__address={}, borrower__name="")
    draft = compose(case, "collector_cease", today=TODAY)
    # The collector's address is usually unknown: the notice is still produced (as text or a PDF without the address).
    assert draft.missing == ["你的姓名"]
    with pytest.raises(LetterIncomplete) as error:
        render_html(draft)
    assert error.value.missing == draft.missing


def test_facts_come_from_the_log_with_counts_dates_nights_third_parties_and_words():
    facts = "\n".join(complete("collector_cease").facts)
    assert "自2026年3月1日至2026年3月14日" in facts and "逐条记录了其中6次" in facts
    assert "3次发生在晚上21时至次日8时之间" in facts
    assert "工作单位1次" in facts and "通讯录联系人1次" in facts
    assert "你们单位的张三欠钱不还" in facts
    assert "本人已于2026年3月3日向号码所属运营商投诉，对方未答复。" in facts


def test_facts_without_a_log_use_the_borrowers_answers():
    case = case_with(log=[])
    facts = "\n".join(compose(case, "collector_cease", today=TODAY).facts)
    assert "自2026年3月1日起" in facts and "最多时一天达40次" in facts
    assert "夜间" not in facts or "21时" in facts


def test_one_carrier_letter_per_carrier_with_its_own_numbers():
    case = load_case()
    targets = [target for kind, target in letter_targets(case) if kind == "carrier_complaint"]
    assert sorted(targets) == sorted(["", "中国移动", "中国电信"])
    mobile = complete("carrier_complaint")
    assert [number.number for number in mobile.numbers] == ["+8613912345678"]
    assert mobile.addressee.name == "中国移动"
    unknown = compose(case, "carrier_complaint", today=TODAY, target="")
    assert "被投诉运营商的名称" in unknown.missing


def test_miit_appeal_needs_the_carrier_complaint_first():
    case = case_with(steps_taken=[])
    draft = compose(case, "miit_appeal", today=TODAY, target="中国移动", inputs=COMPLETE_INPUTS["miit_appeal"])
    assert any("向运营商投诉的日期" in item for item in draft.missing)
    # No answer period is promised for the appeal body (电信条例 第三十九条 does not apply to it).
    assert complete("miit_appeal").reply_by is None
    # Complained on 2026-03-10 without a reply: the plan waits 15 days (第十条第（四）项), and so does the letter.
    early = compose(case_with(steps_taken=[{"action": "complain_carrier", "on": "2026-03-10"}]), "miit_appeal",
                    today=dt.date(2026, 3, 24), target="中国移动", inputs=COMPLETE_INPUTS["miit_appeal"])
    assert any("向运营商投诉的日期" in item for item in early.missing)
    refused = compose(case_with(steps_taken=[{"action": "complain_carrier", "on": "2026-03-19", "result": "refused"}]),
                      "miit_appeal", today=TODAY, target="中国移动", inputs=COMPLETE_INPUTS["miit_appeal"])
    assert refused.missing == []


def test_civil_complaint_states_what_article_124_requires():
    draft = complete("civil_complaint")
    html = render_html(draft)
    for text in ("原告：张三，男，36岁（1990年1月1日出生），汉族", "职业：程序员", "工作单位：无",
                 "被告一：某某信息咨询有限公司，住所：湖南省长沙市岳麓区麓谷大道100号",
                 "被告二：某某消费金融有限公司，住所：重庆市渝中区解放碑路88号", "深圳市南山区人民法院",
                 "诉讼请求", "事实与理由", "证据和证据来源", "精神损害抚慰金人民币5000元", "证人：无"):
        assert text in html, text
    witnessed = compose(load_case(), "civil_complaint", today=TODAY,
                        inputs={**COMPLETE_INPUTS["civil_complaint"], "witnesses": "李四，住广东省深圳市南山区科技园路2号"})
    assert "证人：李四，住广东省深圳市南山区科技园路2号" in render_html(witnessed)
    assert "请求赔偿的精神损害抚慰金（元）" in compose(load_case(), "civil_complaint", today=TODAY, inputs={
        key: value for key, value in COMPLETE_INPUTS["civil_complaint"].items() if key != "compensation_amount"}).missing


def test_police_report_asks_for_the_receipt_on_the_day():
    draft = complete("police_report")
    # 第六十一条 says 立即, not 当日, and the rule is hedged as the plan hedges it (pre-2025 version).
    assert "报案人于2026年3月20日向贵单位报案" in draft.intro
    assert any("受案回执" in demand and "可能已有变化" in demand for demand in draft.demands)
    assert {c.law for c in draft.citations} >= {"mps_admin_case_procedure_rules", "public_security_admin_punishments_law_2025"}


def test_edited_demands_and_narrative_replace_and_extend_the_letter():
    draft = compose(load_case(), "collector_cease", today=TODAY, demands=["请停止骚扰我的母亲", " "], narrative="我母亲因此住院")
    html = render_html(draft)
    assert draft.demands == ["请停止骚扰我的母亲"]
    assert "请停止骚扰我的母亲" in html and "我母亲因此住院" in html


def test_hostile_text_is_escaped_and_template_syntax_is_neutralised():
    hostile = '<img src=file:///etc/passwd>{{ secret }}{% debug %}</style>《》'
    case = case_with(borrower__name=hostile)
    html = render_html(compose(case, "collector_cease", today=TODAY, narrative=hostile))
    assert "<img src=file" not in html and "&lt;img src=file:///etc/passwd&gt;" in html
    assert "{{" not in html and "{%" not in html and "《》" not in html and "</style>" not in html


def test_12321_text_to_copy():
    text = plain_text(complete("report_12321"))
    assert "17012345678" in text and "13912345678" in text and "10690000123456" in text
    assert "张三" in text and "2026年3月20日" in text


def test_letters_that_apply_follow_the_plan():
    everything = applicable_targets(load_case())
    assert everything[0] == ("collector_cease", "") and ("civil_complaint", "") in everything
    assert ("carrier_complaint", "中国移动") in everything and ("repayment_proposal", "") in everything
    kinds = {kind for kind, _target in applicable_targets(case_with(wants=[], harassment={"targets": ["self"]}, log=[]))}
    assert "repayment_proposal" not in kinds and "pipl_request" not in kinds
    assert {"collector_cease", "lender_complaint"} <= kinds
