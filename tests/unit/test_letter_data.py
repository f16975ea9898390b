"""The letter texts are reviewed data (guidance/letters): unknown keys, partial or unknown articles, unknown
conditions and published files edited in place are refused; the exported review document is current."""

import shutil

import pytest
import yaml

from guidance import letter_data, letter_export


@pytest.fixture
def letters_copy(tmp_path, monkeypatch):
    target = tmp_path / "letters"
    shutil.copytree(letter_data.LETTERS_DIR, target)
    monkeypatch.setattr(letter_data, "LETTERS_DIR", target)
    return target


def _edit(letters_copy, kind, change):
    path = sorted((letters_copy / kind).glob("*.yaml"))[-1]
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_the_committed_letter_data_is_sound_and_published():
    assert letter_data.check_all() == []


def test_the_committed_review_document_is_current():
    assert letter_export.LETTERS_DOC.read_text(encoding="utf-8") == letter_export.letters_markdown()


def test_an_edited_published_file_is_refused(letters_copy):
    _edit(letters_copy, "collector_cease", lambda raw: raw.update(closing="别的话。"))
    assert any("已发布的版本被改动了" in problem for problem in letter_data.check_all())


@pytest.mark.parametrize(("change", "message"), [
    (lambda raw: raw.update(surprise=1), "不认识的键"),
    (lambda raw: raw["citations"].append({"law": "telecom_user_appeal_measures", "article": "第十四条"}), "部分条文不能引用"),
    (lambda raw: raw["citations"].append({"law": "civil_code", "article": "第九千条"}), "不是 ../shared/law 中的完整条文"),
    (lambda raw: raw["demands"].append({"text": "x", "when": "no_such_fact"}), "不认识的条件"),
    (lambda raw: raw["demands"].append({"text": "x", "if": "night_contact"}), "demands["),
    (lambda raw: raw.update(template_version="collector_cease/2020-01-01.1"), "template_version 应与文件名一致"),
])
def test_malformed_letter_data_is_refused_at_load(letters_copy, change, message):
    _edit(letters_copy, "collector_cease", change)
    problems = letter_data.check_all()
    assert any(message in problem for problem in problems), problems


def test_conditions_use_the_ladders_vocabulary(letters_copy):
    path = sorted((letters_copy / "conditions").glob("*.yaml"))[-1]
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["night_contact"] = {"field": "harassment.nights", "is": True}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert any("不能用作条件的字段" in problem for problem in letter_data.check_all())


def test_the_letter_templates_hold_no_wording_of_their_own():
    """Every word a letter prints is reviewed data (guidance/letters/wording): the templates only lay it out."""
    import re
    from pathlib import Path

    from django.conf import settings

    letters = Path(settings.BASE_DIR) / "templates" / "letters"
    chinese = re.compile(r"[\u4e00-\u9fff]")
    # The envelope is a postal form, not a letter text; the pages under pages/ are the app's UI (gettext).
    offenders = {path.name: chinese.findall(path.read_text(encoding="utf-8"))
                 for path in letters.glob("*.html") if path.name != "envelope.html"}
    assert {name: found for name, found in offenders.items() if found} == {}
