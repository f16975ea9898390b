"""Each text predicate of the letters acceptance suite (tests/letters_truth_predicates.py) on a hand-written good and bad
text, so a failure of tests/pdf/test_letters_truth.py always means the letter is wrong, not the predicate."""

from tests import letters_truth_predicates as p
from tests.letters_truth_cases import demands_section, evidence_list_section, facts_section, letter_body

LETTER = """                   停止违规催收通知函
致：某信息咨询有限公司
发件人：王芳

一、请求事项

  1. 立即停止以验证码短信轰炸本人的手机，不得再利用他人网站的注册功能向本人发送验证
   码短信。
  2. 请于2026年3月27日前书面答复本人。


二、事实经过

自2026年2月1日起，本人每天收到大量验证码短信，最多一天达300条。

例如，2026年3月2日9时12分，号码15911112222以短信向本人称：“今天不还就上门”


                       1/2
三、法律依据

《中华人民共和国治安管理处罚法（2025年修订）》第五十条
有下列行为之一的，处五日以下拘留或者一千元以下罚款；情节较重的，处五日以上十日以下拘留，可
以并处一千元以下罚款：
（一）写恐吓信或者以其他方法威胁他人人身安全的；
（二）公然侮辱他人或者捏造事实诽谤他人的；
（三）捏造事实诬告陷害他人，企图使他人受到刑事追究或者受到治安管理处罚的；
（四）对证人及其近亲属进行威胁、侮辱、殴打或者打击报复的；
（五）多次发送淫秽、侮辱、恐吓等信息或者采取滋扰、纠缠、跟踪等方法，干扰他人正常生活的；
（六）偷窥、偷拍、窃听、散布他人隐私的。
有前款第五项规定的滋扰、纠缠、跟踪行为的，除依照前款规定给予处罚外，经公安机关负责人批准，
可以责令其一定期限内禁止接触被侵害人。对违反禁止接触规定的，处五日以上十日以下拘留，可以并
处一千元以下罚款。

附件

 1. 证据目录（共1份证据，附于本文书之后）

                              王芳
                              2026年3月20日
                       2/2
\f附件：证据目录
序号 证据1
SHA-256 3f2a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e
"""


def test_sections_are_found():
    assert "最多一天达300条" in p.flat(facts_section(LETTER))
    assert "法律依据" not in facts_section(LETTER)
    assert "验证码短信轰炸" in p.flat(demands_section(LETTER))
    assert "SHA-256" not in letter_body(LETTER) and "证据1" in p.flat(evidence_list_section(LETTER))
    assert facts_section("致：某公司\n\n一、请求事项\n\n1. 停止。\n") == ""


def test_citations_and_verbatim_quotes():
    assert ("中华人民共和国治安管理处罚法（2025年修订）", "第五十条") in p.citations(LETTER)
    assert p.law_for_title("中华人民共和国治安管理处罚法（2025年修订）") == ["public_security_admin_punishments_law_2025"]
    assert p.misquoted_articles(LETTER) == []
    altered = LETTER.replace("处五日以下拘留或者一千元以下罚款", "处十日以下拘留")
    assert p.misquoted_articles(altered)
    second_paragraph_altered = LETTER.replace("可以责令其一定期限内禁止接触被侵害人", "应当责令其禁止接触被侵害人")
    assert p.misquoted_articles(second_paragraph_altered)
    wrong_article = LETTER.replace("》第五十条\n", "》第五十一条\n")
    assert p.misquoted_articles(wrong_article)
    assert p.unknown_citations(LETTER) == []
    assert p.unknown_citations("依照《中华人民共和国民法典》第二千条的规定。")
    assert p.unknown_citations("依照《通信短信息服务管理规定》第二十条的规定。")
    assert p.cites_psapl_2025_article_50(LETTER)
    assert not p.cites_psapl_2025_article_50("《中华人民共和国治安管理处罚法（2012年修正）》第五十条")
    assert p.cites("依照《中华人民共和国民法典》第二十九条、第一千零三十三条", "civil_code", "第一千零三十三条")
    assert p.cites("《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二十五条\n", "spc_civil_procedure_interpretation", "第二十五条")


def test_partial_articles():
    assert p.partial_article_citations(LETTER) == []
    assert p.partial_article_citations("依照《电信用户申诉处理办法》第十四条，申诉受理机构应在5个工作日内受理。")
    assert p.partial_article_citations("《电信用户申诉处理办法》第十四条\n申诉受理机构应当……")
    assert p.partial_article_citations("依照《电信用户申诉处理办法》第十条提出申诉。") == []


def test_without_law_keeps_only_the_letters_own_words():
    own = p.without_law(LETTER)
    assert "侮辱" not in own and "恐吓" not in own
    assert "验证码短信轰炸" in own


def test_slash_alternatives():
    assert any("用户/下列" in found for found in p.slash_alternatives("本人是贵司的电信用户/下列号码骚扰的受害人。"))
    assert p.slash_alternatives("本人是下列号码骚扰的受害人。第 1 / 3 页 https://example.cn/a/b") == []


def test_doubled_words():
    assert p.doubled_words("仅与本人本人沟通。") == ["本人本人"]
    assert p.doubled_words("仅与本人\n本人沟通。") == ["本人本人"]
    assert p.doubled_words("仅与本人沟通，谢谢。") == []
    assert p.doubled_words("13912345678   中国移动   2\n13812345678   中国移动   1") == []
    assert p.doubled_words("涉及的号码\n\n号码        号码归属运营商     记录次数") == []
    # legitimate reduplication of one character, a repeated number, and a word running into the same character
    assert p.doubled_words("人人都知道，常常在晚上打来，本人人身安全受到威胁，号码13800138000、13800138000。") == []
    assert p.doubled_words("（依照依照《银行业保险业消费投诉处理管理办法》第十八条）") == ["依照依照"]


def test_dangling_punctuation():
    for bad in ("请于2026年3月27日前书面答复本人，。", "联系地址（）", "说明如下：。", "家人、。", "《》", "（邮编：）",
                "  1. 依法受理本投诉，\n  2. 责令某公司停止催收。"):
        assert p.dangling_punctuation(bad), bad
    assert p.dangling_punctuation("请于2026年3月27日前书面答复本人（此期限为合理期限）。\n地址：北京市朝阳区1号\n"
                                  "  1. 依法受理本投诉。\n  2. 金额为2.5万元，3.5%") == []
    assert p.empty_labels("致：某公司\n地址：\n发件人：王芳") == ["地址："]
    assert p.empty_labels("致：某公司\n地址：北京市朝阳区1号\n") == []


def test_stranded_headings():
    bad = "第一页正文。\n\n二、事实经过\n\n                1/2\n\f本人于……\n                2/2\n"
    assert p.stranded_headings(bad) == ["page 1: 二、事实经过"]
    quote = "正文。\n《中华人民共和国民法典》第一千零三十三条\n      1/2\n\f除法律另有规定……\n"
    assert p.stranded_headings(quote)
    good = "二、事实经过\n本人于……\n                1/2\n\f三、法律依据\n……\n                2/2\n"
    assert p.stranded_headings(good) == []


def test_english_ids():
    assert p.english_ids("依照 escalation 2026-11 版的阶梯") == ["escalation"]
    assert p.english_ids("本人的诉求：stop_harassment") == ["stop_harassment"]
    assert p.english_ids("SHA-256：3f2a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e，PDF 文件，"
                         "见 https://www.12321.cn/report ，号码+8613800138000，贷款编号YX-CL-2025", allowed=["YX-CL-2025"]) == []


def test_zero_count_rows():
    assert p.zero_count_rows("10690000123456   未查明   0   未逐条记录")
    assert p.zero_count_rows("催收方使用该号码联系本人0次。")
    assert p.zero_count_rows("17012345678   中国电信   10   2026年3月1日") == []
    assert p.zero_count_rows("地址：重庆市渝中区1号（邮编：400010）") == []


def test_totals_and_peak():
    assert p.totals_below("催收方联系本人共3次。", 300) == ["共3次"]
    assert p.totals_below("本人保存了其中3条短信；最多一天达300次，共计1200次以上（共1200次）。", 300) == []
    assert p.states_peak("最多时一天达300条", 300)
    assert not p.states_peak("最多时一天达3000条", 300)


def test_ports():
    bad = "自2026年2月9日起，催收方使用号码1069012345678901向本人发送短信。"
    good = "这些验证码短信来自被滥用的网站的短信端口1069012345678901，并非催收方的号码。"
    assert any(p.port_called_collectors_number(s) for s in p.port_sentences(bad, "1069012345678901"))
    assert not any(p.port_called_collectors_number(s) for s in p.port_sentences(good, "1069012345678901"))
    table = "1069012345678901   未查明   2   2026年2月9日"
    assert any(p.port_called_collectors_number(s) for s in p.port_sentences(table, "1069012345678901"))
    # a table cell wraps: the port's description is on the row's next lines (pdftotext -layout), and is read with it
    wrapped = ("号码                 号码归属运营商     逐条记录的次数   记录日期\n\n"
               "1069012345678901   未查明         2         2026年2月9日至2026\n"
               "（被滥用发送验证码的                               年3月2日\n"
               "网站或应用的短信端\n口）\n\n"
               "10655021001234（被   中国联通        1         2026年2月9日\n滥用发送验证码的网站\n或应用的短信端口）\n")
    assert not any(p.port_called_collectors_number(s) for s in p.port_sentences(wrapped, "1069012345678901"))
    assert not any(p.port_called_collectors_number(s) for s in p.port_sentences(wrapped, "10655021001234"))
    # ... but the next row's description is not this row's
    next_row = ("1069012345678901   未查明         2         2026年2月9日\n"
                "10655021001234（被   中国联通        1         2026年2月9日\n滥用发送验证码的网站或应用的短信端口）\n")
    assert any(p.port_called_collectors_number(s) for s in p.port_sentences(next_row, "1069012345678901"))


def test_third_party_demands():
    assert p.third_party_demands("1.立即停止联系本人的家人、工作单位、通讯录联系人。2.停止辱骂。")
    assert p.third_party_demands("制止其继续利用电信网络侵扰本人及本人的家人、同事和联系人。")
    assert p.third_party_demands("1.立即停止在晚上联系本人。2.请将处理结果告知本人，贵单位依法受理。") == []
    assert p.third_party_demands("删除贵司持有的本人通讯录信息。") == []
    assert p.third_party_demands("本人撤回此前就贵司读取、使用本人手机通讯录及其他联系人信息所作的同意。") == []
    assert p.third_party_demands("停止处理并删除贵司委托的第三方（包括催收机构）所持有的本人通讯录及其中第三人的姓名。") == []


def test_night_and_allegations():
    assert p.night_wording("立即停止在晚上21时至次日8时之间联系本人。")
    assert p.night_wording("立即停止联系本人。") == []
    assert p.allegations("立即停止辱骂、威胁、恐吓、诽谤等行为，不得冒称国家机关工作人员。", set())
    assert sorted(set(p.allegations("停止辱骂、威胁。", {"insult"}))) == ["威胁"]
    assert p.allegations("停止辱骂、威胁。", {"insult", "threat_exposure"}) == []
    assert p.allegations("立即停止频繁拨打本人电话的行为。", set()) == []


def test_code_bombing_demand():
    assert p.demands_code_bombing_stop(demands_section(LETTER))
    assert not p.demands_code_bombing_stop("1.立即停止辱骂本人。2.请于4月1日前答复。")


def test_self_citations():
    assert p.self_citations("本人已于2026年8月12日书面要求催收方停止违规催收。", ["2026年8月12日"])
    assert p.self_citations("本人已于2026年7月1日向贵司投诉。", ["2026年8月12日"]) == []
    assert p.self_citations("发件人：蒋文2026年8月12日", ["2026年8月12日"]) == []
    # with the letter's own action: its own sending is caught, another step she took the same day is not
    today = ["2026年8月12日"]
    assert p.self_citations("本人已于2026年8月12日书面要求催收方停止违规催收。", today, "demand_collector_stop")
    assert p.self_citations("本人已于2026年8月12日向贵司投诉。", today, "complain_lender")
    assert p.self_citations("本人已于2026年8月12日发函。", today, "complain_lender")  # names no action: still caught
    assert p.self_citations("本人已于2026年8月12日向放贷机构投诉。", today, "demand_collector_stop") == []
    assert p.self_citations("本人已于2026年8月12日书面要求催收方停止违规催收。", today, "complain_lender") == []


def test_counts_from_receipt():
    assert p.counts_from_receipt("请贵司自收到本投诉之日起15日内作出处理决定并告知本人。")
    assert not p.counts_from_receipt("请于2026年4月4日前作出处理决定（依照第十八条的15日期限，自本函日期起算）。")
    assert not p.counts_from_receipt("请于15日内答复。")


def test_unhedged_mentions():
    assert p.unhedged_mentions("依照《公安机关办理行政案件程序规定》第六十一条，当场制作受案回执。", "第六十一条")
    assert p.unhedged_mentions("《公安机关办理行政案件程序规定》第六十一条（该规定可能已随新法修改，以现行规定为准）要求出具受案回执。",
                               "第六十一条") == []
    # in a letter: the heading of the quoted article is law quoted, not the letter relying on it (without_law drops it)
    quoted = ("三、法律依据\n\n《公安机关办理行政案件程序规定》第六十一条\n"
              "公安机关应当对报案、控告、举报、群众扭送或者违法嫌疑人投案分别作出下列处理，并将处理情况在\n接报案登记中注明：\n")
    hedged = "  4. 依照《公安机关办理行政案件程序规定》第六十一条，出具受案回执（该规定的文本为修订前的版本，其后可能已有变化）。\n\n"
    unhedged = "  4. 依照《公安机关办理行政案件程序规定》第六十一条，出具受案回执。\n\n"
    assert p.unhedged_mentions(p.without_law(hedged + quoted), "第六十一条") == []
    assert p.unhedged_mentions(p.without_law(unhedged + quoted), "第六十一条")
    assert p.unhedged_mentions(p.without_law("涉及的号码\n\n" + quoted), "第六十一条") == []


def test_evidence_list():
    assert p.announces_evidence_list(letter_body(LETTER)) and p.has_evidence_list(LETTER)
    assert not p.has_evidence_list(letter_body(LETTER))
    assert not p.has_evidence_list("附件\n 1. 证据目录及骚扰记录\n")


def test_shared_paragraphs():
    one = "\n本人甲自2026年2月1日起被催收。\n\n催收方多次在晚上21时至次日8时之间联系。\n\n号码     中国移动    2\n"
    two = "\n本人乙自2026年3月5日起被催收。\n\n催收方多次在晚上21时至次日8时之间联系。\n\n号码     中国移动    2\n"
    three = "\n本人丙自2026年4月9日起被催收。\n\n例如，2026年4月9日，号码13800138000称：“今天不还就上门”\n"
    assert [s[2] for s in p.shared_paragraphs({"a": one, "b": two})] == ["催收方多次在晚上21时至次日8时之间联系。"]
    assert p.shared_paragraphs({"a": one, "c": three}) == []


def test_unfounded_third_parties():
    demand = "1.立即停止联系本人的家人、工作单位、通讯录联系人。"
    assert sorted(set(p.unfounded_third_parties(demand, {"self", "employer"}))) == ["家人", "联系人", "通讯录"]
    assert p.unfounded_third_parties(demand, {"self", "family", "employer", "contacts"}) == []
    assert p.unfounded_third_parties("1.立即停止联系本人的工作单位及同事。", {"self", "employer"}) == []


def test_removing_her_own_words_leaves_no_empty_quotes():
    text = p.remove_all(p.joined("号码13800138000称：“今天不还就上门”\n"), ["今天不还就上门"], p.QUOTED)
    assert p.dangling_punctuation(text) == [] and p.doubled_words(text) == [] and p.english_ids(text) == []


def test_appeal_ground():
    both = "本人已向被申诉人投诉，对其处理结果不满意或者其未在15日内答复，现提出申诉。"
    assert p.appeal_ground_problem(both, "continued") and p.appeal_ground_problem(both, "no_reply")
    assert p.appeal_ground_problem("本人于2026年9月11日向中国联通投诉，此后骚扰仍在继续，本人对其处理结果不满意。", "continued") == ""
    assert p.appeal_ground_problem("本人于2026年7月28日向中国移动投诉，中国移动未在15日内答复。", "no_reply") == ""
    assert p.appeal_ground_problem("本人于2026年7月28日向中国移动投诉，中国移动未在15日内答复。", "refused")


def test_promised_answer_periods():
    assert p.promised_answer_periods("请于4月19日前答复（依照《中华人民共和国电信条例》第三十九条，应当自收到申诉之日起30日内作出答复）。")
    assert p.promised_answer_periods("请依法及时处理并答复本人。") == []


def test_names_defendant():
    assert p.names_defendant("被告一：某信息咨询有限公司，住所：……\n被告二：某消费金融有限公司，住所：……", "某消费金融有限公司")
    assert not p.names_defendant("被告：某信息咨询有限公司。本人向某消费金融有限公司借款。", "某消费金融有限公司")
