"""The decision tree's data and its checks: every route from the start reaches the plan with a valid case file."""

import copy
import datetime as dt

import pytest
import yaml
from django.http import QueryDict

from guidance import schema
from guidance import tree as trees
from guidance.answers import clean_answer
from tests.guidance_routes import ROUTE_IDS, ROUTE_PARAMS, ROUTES, TODAY, TREE, route_answers

TREE_FILE = trees.tree_path("escalation", TREE.version)


def raw_tree():
    return yaml.safe_load(TREE_FILE.read_text(encoding="utf-8"))


def test_published_tree_has_review_metadata():
    meta = TREE.meta
    assert (TREE.id, TREE.version) == ("escalation", "2026-12.2")
    for key in ("jurisdiction", "authors", "reviewed_by", "review_date", "effective_from"):
        assert meta[key], key
    assert dt.date.fromisoformat(meta["review_date"]) <= dt.date.fromisoformat(meta["effective_from"])


def test_every_tree_file_passes_its_checks_and_is_unchanged_since_publication():
    assert trees.check_all() == []


def test_editing_a_published_version_in_place_is_caught(tmp_path, monkeypatch):
    copy_dir = tmp_path / "trees"
    (copy_dir / "escalation").mkdir(parents=True)
    (copy_dir / "published.json").write_text(trees.PUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    text = trees.tree_path("escalation", "2026-11").read_text(encoding="utf-8").replace("你现在有人身危险吗？", "你现在安全吗？")
    (copy_dir / "escalation" / "2026-11.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(trees, "TREES_DIR", copy_dir)
    monkeypatch.setattr(trees, "PUBLISHED", copy_dir / "published.json")
    problems = trees.check_all()
    assert problems == ["escalation/2026-11: 已发布的版本被改动了（sha256 不符）。请另建新版本，不要修改已发布的文件"]


def test_the_tree_covers_what_the_plan_needs():
    written = set()
    for node in TREE.nodes.values():
        for choice in node.choices:
            written |= set(choice.sets)
        written |= {item.field for item in node.inputs}
    for field in ("safety.in_danger_now", "harassment.content", "lender.kind", "lender.illegal_debt_signs", "collector.kind",
                  "harassment.channels", "harassment.targets", "harassment.night_contact", "harassment.max_per_day",
                  "collector.numbers", "steps_taken", "wants", "lender.name"):
        assert field in written, field


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t["nodes"]["lender"].update(colour="red"), "nodes.lender: 未知的键 colour"),
        (lambda t: t.update(extra=1), "未知的顶层键 extra"),
        (lambda t: t["tree"].pop("reviewed_by"), "tree: 缺少 reviewed_by"),
        (lambda t: t["nodes"]["wants"].update(next="nowhere"), "nodes.wants: next 指向不存在的节点 'nowhere'"),
        (lambda t: t["nodes"]["in_danger"]["choices"][0].update(next="threat_violence"), "nodes.call_110_first: 从起点无法到达"),
        (lambda t: t["nodes"]["wants"].update(next="in_danger"), "循环："),
        (lambda t: t["nodes"]["illegal_debt"]["citations"][0].update(article="第九百九十九条"), "中没有第九百九十九条"),
        (lambda t: t["nodes"]["illegal_debt"]["citations"][0].update(law="no_such_law"), "法律文件不存在：no_such_law"),
        (lambda t: t["nodes"]["lender_kind"]["choices"][0].update(set={"lender.colour": "red"}), "字段 lender.colour 没有在 fields 中声明"),
        (lambda t: t["nodes"]["lender_kind"]["choices"][0].update(set={"lender.kind": "pawnshop"}), "lender.kind 不接受值 'pawnshop'"),
        (lambda t: t["fields"]["lender.kind"]["values"].append("pawnshop"), "值 'pawnshop' 不在案件文件规范（facts.md）中"),
        (lambda t: t["nodes"]["lender"]["text"].pop("en"), "nodes.lender.text: 需要 zh 和 en 两种文字"),
        (lambda t: t["nodes"]["channels"]["choices"][0].update(next="targets"), "nodes.channels.choices[0]: 未知的键 next"),
        (lambda t: t["nodes"]["lender"]["inputs"][0].update(field="lender.kind"), "choice 类型的字段请用选择题"),
        (lambda t: t["nodes"]["step_complain_lender_date"]["inputs"][0].update(part="when"), "part 应为 steps_taken 的部分之一"),
    ],
    ids=["unknown-node-key", "unknown-top-key", "missing-metadata", "dangling-next", "unreachable-node", "cycle",
         "unknown-article", "unknown-law", "undeclared-field", "value-not-in-facts", "declared-value-not-in-facts",
         "missing-english", "next-on-multi-choice", "choice-field-as-free-input", "unknown-record-part"],
)
def test_a_broken_tree_is_refused_with_a_message_naming_the_problem(mutate, expected):
    broken = copy.deepcopy(raw_tree())
    mutate(broken)
    found = trees.problems(broken)
    assert any(expected in problem for problem in found), found
    with pytest.raises(trees.TreeError) as error:
        trees.parse(yaml.safe_dump(broken, allow_unicode=True))
    assert expected in str(error.value)


def test_unquoted_yaml_on_key_would_not_sneak_through():
    # YAML 1.1 reads a bare `on:` as true; the tree quotes it, and a bare one is caught as an unknown part.
    broken = copy.deepcopy(raw_tree())
    broken["fields"]["steps_taken"]["parts"][True] = broken["fields"]["steps_taken"]["parts"].pop("on")
    assert any("part 应为 steps_taken 的部分之一" in problem for problem in trees.problems(broken))


def test_routes_cover_every_node_and_every_choice():
    visited = {(node_id, choice) for route in ROUTES for node_id, choice in route.steps}
    assert {node_id for node_id, _ in visited} == set(TREE.nodes)
    for node in TREE.nodes.values():
        for choice in node.choices:
            assert (node.id, choice.value) in visited, (node.id, choice.value)
    assert all(route.steps[0][0] == TREE.start for route in ROUTES)
    assert len({route.id for route in ROUTES}) == len(ROUTES)
    # Routes differ in the questions they visit: with and without danger, with and without each step taken.
    assert len(ROUTES) == 2 * (1 + 2**6)


@pytest.mark.parametrize(("index", "route"), ROUTE_PARAMS, ids=ROUTE_IDS)
def test_every_route_gives_a_valid_case_file(index, route):
    answers = route_answers(route, TODAY, index)
    on_path, stop = trees.walk(TREE, answers)
    assert stop == trees.PLAN
    assert [node.id for node in on_path] == [node_id for node_id, _ in route.steps]
    case = trees.case_from_answers(TREE, answers)
    parsed = schema.parse_case_file(case, today=TODAY)
    chosen = dict(route.steps)
    assert parsed["safety"]["in_danger_now"] is (chosen["in_danger"] == "yes")
    assert ("threat_violence" in parsed["harassment"].get("content", [])) is (chosen["threat_violence"] == "yes")
    assert parsed["lender"]["kind"] == chosen["lender_kind"]
    assert parsed["collector"]["numbers"] == ["+8617012345678", "+8613800138000", "10690000123456"]
    taken = {step["action"]: step for step in parsed.get("steps_taken", [])}
    for action in schema.ACTIONS:
        node_choice = chosen.get(f"step_{action}")
        if node_choice in (None, "not_yet"):
            assert action not in taken
        else:
            assert taken[action]["result"] == node_choice
            assert dt.date.fromisoformat(taken[action]["on"]) < TODAY


def test_changing_an_early_answer_keeps_later_answers_that_still_apply():
    route = next(r for r in ROUTES if dict(r.steps).get("step_complain_lender") not in (None, "not_yet"))
    answers = route_answers(route)
    answers["steps_any"] = {"choice": "no"}
    on_path, stop = trees.walk(TREE, answers)
    assert stop == trees.PLAN
    assert "step_complain_lender" not in [node.id for node in on_path]
    assert "steps_taken" not in trees.case_from_answers(TREE, answers)
    answers["steps_any"] = {"choice": "yes"}  # back again: the kept step answers apply once more
    assert trees.case_from_answers(TREE, answers)["steps_taken"]
    assert trees.walk(TREE, answers)[1] == trees.PLAN


def test_answers_that_no_longer_fit_stop_the_walk_there():
    answers = route_answers(ROUTES[0])
    answers["lender_kind"] = {"choice": "pawnshop"}
    on_path, stop = trees.walk(TREE, answers)
    assert stop == "lender_kind"
    assert [node.id for node in on_path][-1] == "lender"


def _query(**values):
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.parametrize(
    ("node_id", "data", "field", "message"),
    [
        ("lender_kind", {}, "choice", "请选择一项。"),
        ("lender_kind", {"choice": "pawnshop"}, "choice", "请选择一项。"),
        ("channels", {}, "choice", "请至少选择一项。"),
        ("content", {"choice": ["none", "insult"]}, "choice", "“以上都没有”不能和其他选项同时选。"),
        ("step_complain_lender_date", {"on": ""}, "on", "请填写这一项。"),
        ("step_complain_lender_date", {"on": "2026-02-30"}, "on", "这个日期不存在，请检查月份和日子。"),
        ("step_complain_lender_date", {"on": "上个月"}, "on", "请按“年-月-日”填写日期，例如 2026-03-02。"),
        ("step_complain_lender_date", {"on": "2026-12-01"}, "on", "这个日期还没到，请填已经发生的日期。"),
        ("volume", {"max_per_day": "很多"}, "max_per_day", "请填一个整数，例如 30。"),
        ("volume", {"max_per_day": "0"}, "max_per_day", "请填 1 到 100000 之间的数字。"),
        ("collector", {"numbers": "13800138000\n催收"}, "numbers", "这些不像电话号码：催收。请只填数字，每行一个号码。"),
        ("lender", {"lender_name": "某" * 201}, "lender_name", "太长了：最多 200 个字。"),
    ],
)
def test_wrong_answers_get_a_chinese_message(node_id, data, field, message):
    answer, errors = clean_answer(TREE.nodes[node_id], _query(**data), today=TODAY)
    assert answer is None
    assert errors[field] == message


def test_free_inputs_accept_what_people_type():
    answer, errors = clean_answer(TREE.nodes["step_complain_lender_date"], _query(on="2026年3月2日"), today=TODAY)
    assert errors == {} and answer == {"values": {"on": "2026-03-02"}}
    answer, _ = clean_answer(TREE.nodes["volume"], _query(max_per_day="1,200", first_seen="2026/3/1"), today=TODAY)
    assert answer == {"values": {"max_per_day": 1200, "first_seen": "2026-03-01"}}
    answer, _ = clean_answer(TREE.nodes["collector"], _query(numbers="0086 170-1234-5678，10690000123456、170 1234 5678", collector_name=""), today=TODAY)
    assert answer == {"values": {"numbers": ["+8617012345678", "10690000123456"], "collector_name": ""}}


def test_questions_sharing_a_screen_are_one_chain_that_only_its_last_question_branches():
    assert [node.id for node in trees.screen_nodes(TREE, "illegal_debt")] == ["lender", "lender_kind", "illegal_debt", "collector_kind"]
    assert [node.id for node in trees.screen_nodes(TREE, "step_report_police")] == ["step_report_police"]
    raw = raw_tree()
    raw["nodes"]["steps_any"]["screen"] = "loan"  # not next to the loan questions: not one chain
    assert any("screen loan" in problem for problem in trees.problems(raw))
    raw = raw_tree()
    raw["nodes"]["in_danger"]["screen"] = "loan"  # branches, then the loan questions would follow it on one page
    raw["nodes"]["threat_violence"].pop("screen")
    assert any("in_danger 有分支" in problem for problem in trees.problems(raw))
    raw = raw_tree()
    raw["nodes"]["volume"]["screen"] = "nowhere"
    assert "nodes.volume.screen: 'nowhere' 没有在 screens 中声明" in trees.problems(raw)


def test_versions_sort_by_month_then_number():
    assert trees.versions("escalation")[-3:] == ["2026-11", "2026-12", "2026-12.2"]
