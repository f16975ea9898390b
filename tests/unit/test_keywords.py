"""The reviewed keyword list (guidance/keywords): its checks, its publication, and what it flags."""

import hashlib
import json

import pytest
import yaml

from guidance import keywords
from guidance.schema import CONTENTS


def test_the_current_list_is_sound_and_published():
    assert keywords.check_all() == []
    published = json.loads((keywords.KEYWORDS_DIR / "published.json").read_text(encoding="utf-8"))
    path = keywords.path_for(*keywords.CURRENT)
    assert published["/".join(keywords.CURRENT)] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_category_is_a_case_file_content_value():
    loaded = keywords.load()
    assert set(loaded.categories) <= set(CONTENTS)
    # The six categories the issue names are all covered.
    assert {"threat_violence", "threat_exposure", "insult", "false_legal_threat", "impersonating_officials",
            "disclose_debt"} <= set(loaded.categories)


@pytest.mark.parametrize(("text", "flags"), [
    ("再不还钱，小心你的家人，后果自负", ["threat_violence"]),
    ("今天不还就爆通讯录，让你全家都知道", ["threat_exposure"]),
    ("你这个老赖，不要脸", ["insult"]),
    ("您的案件已立案，明天上门抓人", ["false_legal_threat"]),
    ("我是法院工作人员，请配合执行", ["impersonating_officials"]),
    ("你儿子张三欠我司5000元至今未还", ["disclose_debt"]),
    ("我们会把你的欠款情况通知你单位领导和同事", ["threat_exposure"]),
    ("您好，您本期账单已出，请按时还款", []),
    # Full-width letters and spaces between characters do not hide a word.
    ("你 这个 老 赖", ["insult"]),
])
def test_flags(text, flags):
    assert keywords.load().flags(text) == flags


def test_matches_say_which_entry_flagged():
    found = keywords.load().matches("把你欠款的事发到通讯录")
    assert found == {"threat_exposure": ["通讯录+发"]}


@pytest.mark.parametrize(("text", "sender", "code"), [
    ("【某某商城】您的验证码是483921，5分钟内有效", "1069012345678", True),
    ("【某某】校验码：８８２１，请勿泄露", "10655012345", True),  # full-width digits
    ("【某某商城】您的验证码是483921，5分钟内有效", "+8613800138000", False),  # not a port
    ("【某某商城】您已成功注册", "1069012345678", False),  # no code word
    ("【某某商城】验证码将在稍后发送", "1069012345678", False),  # no code
])
def test_verification_code(text, sender, code):
    assert keywords.load().is_verification_code(text, sender) is code


@pytest.mark.parametrize(("change", "problem"), [
    (lambda raw: raw["categories"].update(shouting=["大声"]), "不是 facts.md"),
    (lambda raw: raw.update(extra=1), "未知的键 extra"),
    (lambda raw: raw["categories"]["insult"].append(""), "非空文字"),
    (lambda raw: raw["categories"]["insult"].append("老赖"), "重复的关键词"),
    (lambda raw: raw["verification_code"].update(code_digits=[8, 4]), "code_digits"),
    (lambda raw: raw["keywords"].pop("reviewed_by"), "缺少 reviewed_by"),
])
def test_bad_lists_are_refused_with_a_clear_problem(change, problem):
    raw = keywords.read_yaml(keywords.path_for(*keywords.CURRENT))
    change(raw)
    with pytest.raises(keywords.KeywordsError) as error:
        keywords.parse(yaml.safe_dump(raw, allow_unicode=True))
    assert any(problem in line for line in error.value.problems)


def test_a_published_version_edited_in_place_is_caught(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    folder.mkdir()
    source = keywords.path_for(*keywords.CURRENT)
    (folder / source.name).write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    (tmp_path / "published.json").write_text(json.dumps({"content/2026-12": hashlib.sha256(source.read_bytes()).hexdigest()}))
    monkeypatch.setattr(keywords, "KEYWORDS_DIR", tmp_path)
    assert any("sha256 不符" in problem for problem in keywords.check_all())


def test_the_review_document_is_current_and_lists_every_entry():
    text = keywords.keywords_markdown()
    assert keywords.KEYWORDS_DOC.read_text(encoding="utf-8") == text, "run python manage.py guidance_export"
    loaded = keywords.load()
    for entries in loaded.categories.values():
        assert all(f"- {' + '.join(entry)}" in text for entry in entries)
    assert "## 威胁人身安全、暴力威胁（`threat_violence`）" in text
