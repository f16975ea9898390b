from pathlib import Path

import pytest
import yaml

from guidance import export, ladder, law
from guidance.schema import ACTIONS

SOURCE = ladder.path_for(*ladder.CURRENT)


def _raw():
    return ladder.read_yaml(SOURCE)


def _problems_of(raw, tmp_path) -> list[str]:
    path = tmp_path / "escalation" / f"{ladder.CURRENT[1]}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(raw, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8")
    return ladder.problems(path)


def test_the_current_ladder_is_sound_and_lists_every_action_in_order():
    assert ladder.problems() == []
    loaded = ladder.load()
    assert [action.id for action in loaded.actions] == list(ACTIONS)
    assert loaded.meta["reviewed_by"] and loaded.meta["review_date"]


def _every_citation(raw):
    for action in raw["actions"]:
        yield from action["citations"]
        for note in action.get("notes", []):
            yield from note["citations"]
        for need in action.get("needs", []):
            yield from need["citations"]
            if "wait" in need:
                yield from need["wait"]["citations"]


def test_every_citation_and_quote_in_the_ladder_matches_the_law_files():
    citations = list(_every_citation(_raw()))
    assert len(citations) > 30
    for citation in citations:
        errors = [p for p in law.quote_problems(citation["law"], citation["article"], citation["quote"]) if p.is_error]
        assert errors == [], citation


def test_every_waiting_period_comes_from_a_cited_article_that_states_the_number_of_days():
    waits = [need["wait"] for action in _raw()["actions"] for need in action.get("needs", []) if "wait" in need]
    assert {wait["days"] for wait in waits} == {15}
    for wait in waits:
        texts = [law.article_excerpt(c["law"], c["article"])[0] for c in wait["citations"]]
        assert any(f"{wait['days']}日内" in text for text in texts)


def _mutate(change):
    raw = _raw()
    change(raw)
    return raw


BROKEN = [
    ("unknown_top_key", lambda raw: raw.update(extra=1), "(文件).extra: 不认识的键"),
    ("unknown_action_key", lambda raw: raw["actions"][0].update(deadline=3), "actions[0].deadline: 不认识的键"),
    ("missing_metadata", lambda raw: raw["ladder"].pop("reviewed_by"), "ladder.reviewed_by: 缺少这个键"),
    ("actions_out_of_order", lambda raw: raw["actions"].reverse(), "应按 facts.md 的顺序"),
    ("invented_article", lambda raw: raw["actions"][0]["citations"][0].update(article="第九百条"), "没有第九百条"),
    ("unknown_law_file", lambda raw: raw["actions"][0]["citations"][0].update(law="nifa_convention"), "法律文件不存在"),
    ("quote_not_verbatim", lambda raw: raw["actions"][0]["citations"][0].update(quote="当事人应当提供证据。"), "引文与"),
    ("working_days_wait", lambda raw: raw["actions"][8]["needs"][0]["wait"].update(counting="working"), "只支持 calendar"),
    ("wait_without_law", lambda raw: raw["actions"][8]["needs"][0]["wait"].update(citations=[]), "等待期必须来自法律条文"),
    ("need_points_forward", lambda raw: raw["actions"][2].update(needs=[{"action": "sue_in_court", "basis": "practice", "why": {"zh": "x", "en": "x"}, "citations": []}]),
     "必须是排在 demand_collector_stop 之前的行动"),
    ("law_basis_without_citation", lambda raw: raw["actions"][11]["needs"][0].update(citations=[]), "basis: law 必须引用法律"),
    ("unknown_condition_field", lambda raw: raw["actions"][1]["applies_when"]["any"][0].update(field="safety.scared"), "不能用作条件的字段"),
    ("unknown_condition_value", lambda raw: raw["actions"][5]["applies_when"].update(has_any=["refinance"]), '"refinance" 不是 wants 的取值'),
    ("expression_instead_of_condition", lambda raw: raw["actions"][5].update(applies_when={"field": "wants", "expr": "len(wants) > 1"}), "不认识的键"),
    ("unknown_letter", lambda raw: raw["actions"][2].update(letter="cease_and_desist"), "不认识的文书种类"),
    ("missing_english", lambda raw: raw["actions"][0]["why"].pop("en"), "actions[0].why.en: 缺少这个键"),
    ("legal_note_without_english", lambda raw: raw["actions"][8]["for_legal_workers"].pop("en"),
     "actions[8].for_legal_workers.en: 缺少这个键"),
    ("unknown_key_in_legal_note", lambda raw: raw["actions"][8]["needs"][0]["wait"]["for_legal_workers"].update(fr="x"),
     "actions[8].needs[0].wait.for_legal_workers.fr: 不认识的键"),
    ("unknown_key_beside_legal_note", lambda raw: raw["actions"][8].update(for_borrowers={"zh": "x", "en": "x"}),
     "actions[8].for_borrowers: 不认识的键"),
]


@pytest.mark.parametrize(("change", "fragment"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_ladder_is_refused_with_the_place_and_the_problem(change, fragment, tmp_path):
    problems = _problems_of(_mutate(change), tmp_path)
    assert any(fragment in problem for problem in problems), problems


def test_load_raises_with_every_problem(tmp_path, monkeypatch):
    raw = _mutate(lambda raw: raw["actions"][0].update(deadline=3))
    monkeypatch.setattr(ladder, "LADDERS_DIR", tmp_path)
    _problems_of(raw, tmp_path)
    ladder.load.cache_clear()
    try:
        with pytest.raises(ladder.LadderError, match="deadline"):
            ladder.load()
    finally:
        ladder.load.cache_clear()


def test_committed_review_document_is_current():
    assert Path(export.LADDER_DOC).read_text(encoding="utf-8") == export.ladder_markdown(), (
        "docs/guidance-ladder.md is stale: run python manage.py guidance_export")


def test_committed_tree_review_document_is_current():
    text = export.tree_markdown()
    assert text is not None
    assert Path(export.TREE_DOC).read_text(encoding="utf-8") == text, (
        "docs/guidance-tree.md is stale: run python manage.py guidance_export")
    assert "## 所有路径" in text


def test_reviewed_data_versions_sort_by_number_so_ten_comes_after_nine():
    from pathlib import Path

    from guidance.ladder import version_key

    names = ["2026-12-06.10.yaml", "2026-12-06.9.yaml", "2026-12-06.1.yaml", "2027-01-02.1.yaml"]
    assert [path.name for path in sorted(map(Path, names), key=version_key)] == [
        "2026-12-06.1.yaml", "2026-12-06.9.yaml", "2026-12-06.10.yaml", "2027-01-02.1.yaml"]
