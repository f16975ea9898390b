import pytest

from guidance import law


def test_title_and_full_article_text():
    assert law.law_title("banking_insurance_complaints") == "银行业保险业消费投诉处理管理办法"
    assert "15日内作出处理决定" in law.article_text("banking_insurance_complaints", "第十八条")


@pytest.mark.parametrize(
    ("stem", "label", "fragment"),
    [("nonexistent_law", "第一条", "法律文件不存在"), ("pipl", "第一百条", "没有第一百条"), ("telecom_user_appeal_measures", "第十四条", "只有部分文本")],
)
def test_article_text_refuses_what_the_files_do_not_hold(stem, label, fragment):
    with pytest.raises(law.LawReferenceError, match=fragment):
        law.article_text(stem, label)


def test_partial_article_is_available_as_an_excerpt_marked_incomplete():
    text, complete = law.article_excerpt("telecom_user_appeal_measures", "第十四条")
    assert complete is False
    assert text.startswith("申诉受理机构应当自收到申诉材料之日起5个工作日内")


def test_secondary_and_superseded_sources_are_recognised():
    assert law.is_secondary("telecom_user_appeal_measures")
    assert not law.is_secondary("banking_insurance_complaints")
    assert law.is_superseded("public_security_admin_punishments_law_2012")
    assert not law.is_superseded("public_security_admin_punishments_law_2025")


def test_citation_problems_errors_and_secondary_warnings():
    problems = law.citation_problems([
        {"law": "pipl", "article": "第四十七条"},
        {"law": "telecom_user_appeal_measures", "article": "第十条"},
        {"law": "telecom_user_appeal_measures", "article": "第十四条"},
        {"law": "pipl", "article": "第一百条"},
        {"law": "made_up", "article": "第一条"},
    ])
    assert [(p.law, p.article, p.kind, p.is_error) for p in problems] == [
        ("telecom_user_appeal_measures", "第十条", "secondary", False),
        ("telecom_user_appeal_measures", "第十四条", "partial_article", True),
        ("pipl", "第一百条", "unknown_article", True),
        ("made_up", "第一条", "unknown_law", True),
    ]


def test_quote_must_match_exactly():
    assert law.quote_problems("banking_insurance_complaints", "第四十三条", "本办法所称的“以内”、“以上”均包含本数。") == []
    # Half-width quotes are not the source's punctuation.
    mismatch = law.quote_problems("banking_insurance_complaints", "第四十三条", '本办法所称的"以内"、"以上"均包含本数。')
    assert [p.kind for p in mismatch] == ["quote_mismatch"]
    assert law.quote_problems("banking_insurance_complaints", "第四十三条", "")[0].kind == "quote_mismatch"


def test_quote_from_secondary_text_is_flagged_not_rejected():
    problems = law.quote_problems("telecom_user_appeal_measures", "第十条", "已经向被申诉人投诉且对其处理结果不满意或者其未在15日内答复")
    assert [p.kind for p in problems] == ["secondary"]
