"""The decision tree: reviewed YAML data (guidance/trees/<id>/<version>.yaml), checked on load.

A tree is a graph of question nodes. Branching is only "this choice -> that node"; answers set case-file
fields (../shared/spec/facts.md names, each declared with its type in the file's `fields`). Every path from
the start ends in the plan. Answers are kept per node id, so a borrower who goes back and changes one
answer keeps the later answers that still lie on the new path (`walk`, `case_from_answers`).

Nodes that share a `screen` are asked together on one page: they follow one another on every path, and only
the last may branch, so what a screen shows never depends on the answers given on it (`screen_nodes`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guidance import law, schema
from guidance.ladder import version_key

TREES_DIR = Path(__file__).resolve().parent / "trees"
# "<tree id>/<version>" -> sha256 of the file as published. A published file never changes: a change is a
# new version (a new file and a new line here), so a case answered under an old version can still be read.
PUBLISHED = TREES_DIR / "published.json"
PLAN = "plan"  # the `next` of a node whose answers complete the case file
NODE_KINDS = ("single", "multi", "input", "notice")
FIELD_TYPES = ("boolean", "text", "integer", "date", "choice", "choice_list", "phone_list", "record_list")
CASE_SPEC = schema.CASE_SPEC

# The values facts.md allows for each enumerated case-file field, from the case-file schema itself.
SCHEMA_VALUES = {
    "lender.kind": schema.LENDER_KINDS,
    "collector.kind": schema.COLLECTOR_KINDS,
    "harassment.channels": schema.CHANNELS,
    "harassment.targets": schema.TARGETS,
    "harassment.content": schema.CONTENTS,
    "steps_taken": schema.ACTIONS,
    "steps_taken.result": schema.STEP_RESULTS,
    "wants": schema.WANTS,
}

_META_KEYS = {"id", "version", "title", "jurisdiction", "authors", "reviewed_by", "review_date", "effective_from", "start"}
_FIELD_KEYS = {"type", "values", "max_length", "min", "max", "max_items", "key", "parts"}
_NODE_KEYS = {
    "single": {"kind", "text", "why", "citations", "choices", "screen"},
    "multi": {"kind", "text", "why", "citations", "choices", "next", "screen"},
    "input": {"kind", "text", "why", "citations", "inputs", "next", "screen"},
    "notice": {"kind", "text", "why", "citations", "call", "next"},  # a notice has its own page and button
}
_CHOICE_KEYS = {"single": {"value", "label", "set", "next"}, "multi": {"value", "label", "set", "exclusive"}}
_INPUT_KEYS = {"id", "field", "record", "part", "required", "label", "help"}
_ID = re.compile(r"[a-z][a-z0-9_]*")


class TreeError(ValueError):
    """A tree file that fails its checks; `problems` lists every one found."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    sets: dict
    next: str | None = None
    exclusive: bool = False


@dataclass(frozen=True)
class Input:
    id: str
    field: str
    type: str
    required: bool
    label: Text
    help: Text | None = None
    record: str | None = None  # for a record_list field: the key of the record this input fills
    part: str | None = None
    rules: dict = field(default_factory=dict)  # max_length, min, max, max_items from the field's declaration


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    text: Text
    why: Text
    citations: tuple = ()
    choices: tuple[Choice, ...] = ()
    inputs: tuple[Input, ...] = ()
    next: str | None = None
    call: str | None = None
    screen: str | None = None  # nodes sharing a screen are asked on one page

    def choice(self, value: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)

    def targets(self) -> list[str]:
        """Every node (or PLAN) this node can lead to, in the order its choices list them."""
        if self.kind == "single":
            return list(dict.fromkeys(choice.next for choice in self.choices))
        return [self.next]


@dataclass(frozen=True)
class Tree:
    id: str
    version: str
    meta: dict
    fields: dict
    nodes: dict[str, Node]
    start: str
    screens: dict = field(default_factory=dict)  # screen id -> {"title": Text}

    def screen_title(self, screen: str | None) -> Text | None:
        return self.screens.get(screen, {}).get("title") if screen else None

    @property
    def ref(self) -> dict:
        return {"id": self.id, "version": self.version}

    @functools.cached_property
    def screen_chains(self) -> dict[str, tuple[Node, ...]]:
        """Each node's screen (see screen_nodes), worked out once per tree: one guide page asks for dozens."""
        return {node_id: tuple(_screen_chain(self, node_id)) for node_id in self.nodes}


# --- checking the raw data ------------------------------------------------------------------------------------

def _text_problems(value, where: str, *, required: bool = True) -> list[str]:
    if value is None and not required:
        return []
    if not isinstance(value, dict) or set(value) != {"zh", "en"}:
        return [f"{where}: 需要 zh 和 en 两种文字（只能有这两个键）"]
    return [f"{where}.{lang}: 不能为空" for lang in ("zh", "en") if not isinstance(value[lang], str) or not value[lang].strip()]


def _value_problems(field_name: str, declaration: dict, value, where: str) -> list[str]:
    kind = declaration.get("type")
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{where}: {field_name} 应为 true 或 false"]
    if kind == "choice":
        return [] if value in declaration.get("values", ()) else [f"{where}: {field_name} 不接受值 {value!r}"]
    if kind == "choice_list":
        if not isinstance(value, list) or not value:
            return [f"{where}: {field_name} 应为非空列表"]
        return [f"{where}: {field_name} 不接受值 {item!r}" for item in value if item not in declaration.get("values", ())]
    if kind == "record_list":
        key = declaration.get("key")
        parts = declaration.get("parts", {})
        if not isinstance(value, dict) or value.get(key) not in declaration.get("values", ()):
            return [f"{where}: {field_name} 需要一条记录，{key} 取值之一"]
        problems = [f"{where}: {field_name} 没有部分 {name}" for name in value if name != key and name not in parts]
        for name, part_value in value.items():
            if name in parts:
                problems += _value_problems(f"{field_name}.{name}", parts[name], part_value, where)
        return problems
    return [f"{where}: 选项不能设置 {kind} 类型的字段 {field_name}（只能由输入题填写）"]


def _field_problems(fields) -> list[str]:
    if not isinstance(fields, dict) or not fields:
        return ["fields: 需要声明答案会写入的字段"]
    problems = []
    for name, declaration in fields.items():
        where = f"fields.{name}"
        if not isinstance(declaration, dict):
            problems.append(f"{where}: 应为映射")
            continue
        problems += [f"{where}: 未知的键 {key}" for key in declaration if key not in _FIELD_KEYS]
        if declaration.get("type") not in FIELD_TYPES:
            problems.append(f"{where}: 未知的类型 {declaration.get('type')!r}")
        allowed = SCHEMA_VALUES.get(name)
        for value in declaration.get("values", ()):
            if allowed is None or value not in allowed:
                problems.append(f"{where}: 值 {value!r} 不在案件文件规范（facts.md）中")
        for part, part_declaration in declaration.get("parts", {}).items():
            part_allowed = SCHEMA_VALUES.get(f"{name}.{part}")
            for value in part_declaration.get("values", ()):
                if part_allowed is None or value not in part_allowed:
                    problems.append(f"{where}.parts.{part}: 值 {value!r} 不在案件文件规范（facts.md）中")
    return problems


def _citation_problems(citations, where: str) -> list[str]:
    if not isinstance(citations, list):
        return [f"{where}.citations: 应为列表"]
    problems = []
    for citation in citations:
        if not isinstance(citation, dict) or set(citation) != {"law", "article"}:
            problems.append(f"{where}.citations: 每条引用只能有 law 和 article")
            continue
        problems += [f"{where}: {problem}" for problem in law.citation_problems([citation]) if problem.is_error]
    return problems


def _node_problems(node_id: str, raw, fields: dict, node_ids: set[str]) -> list[str]:
    where = f"nodes.{node_id}"
    if not _ID.fullmatch(node_id):
        return [f"{where}: 节点 id 只能用小写字母、数字和下划线"]
    if not isinstance(raw, dict) or raw.get("kind") not in NODE_KINDS:
        return [f"{where}: kind 应为 {'、'.join(NODE_KINDS)} 之一"]
    kind = raw["kind"]
    problems = [f"{where}: 未知的键 {key}" for key in raw if key not in _NODE_KEYS[kind]]
    problems += _text_problems(raw.get("text"), f"{where}.text")
    problems += _text_problems(raw.get("why"), f"{where}.why")
    if "screen" in raw and not (isinstance(raw["screen"], str) and _ID.fullmatch(raw["screen"])):
        problems.append(f"{where}.screen: 只能用小写字母、数字和下划线")
    problems += _citation_problems(raw.get("citations", []), where)

    def target_problems(target, place):
        return [] if target == PLAN or target in node_ids else [f"{place}: next 指向不存在的节点 {target!r}"]

    if kind != "single":
        problems += target_problems(raw.get("next"), where)
    if kind in ("single", "multi"):
        choices = raw.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            return [*problems, f"{where}: 至少需要两个选项"]
        values = [choice.get("value") for choice in choices if isinstance(choice, dict)]
        if len(set(values)) != len(choices):
            problems.append(f"{where}: 选项的 value 必须各不相同")
        for index, choice in enumerate(choices):
            place = f"{where}.choices[{index}]"
            if not isinstance(choice, dict):
                problems.append(f"{place}: 应为映射")
                continue
            problems += [f"{place}: 未知的键 {key}" for key in choice if key not in _CHOICE_KEYS[kind]]
            if not isinstance(choice.get("value"), str) or not _ID.fullmatch(choice["value"]):
                problems.append(f"{place}: value 只能用小写字母、数字和下划线")
            problems += _text_problems(choice.get("label"), f"{place}.label")
            if kind == "single":
                problems += target_problems(choice.get("next"), place)
            for name, value in (choice.get("set") or {}).items():
                if name not in fields:
                    problems.append(f"{place}: 字段 {name} 没有在 fields 中声明")
                else:
                    problems += _value_problems(name, fields[name], value, place)
    if kind == "input":
        inputs = raw.get("inputs")
        if not isinstance(inputs, list) or not inputs:
            return [*problems, f"{where}: 输入题至少需要一个输入项"]
        ids = [item.get("id") for item in inputs if isinstance(item, dict)]
        if len(set(ids)) != len(inputs):
            problems.append(f"{where}: 输入项的 id 必须各不相同")
        for index, item in enumerate(inputs):
            place = f"{where}.inputs[{index}]"
            if not isinstance(item, dict):
                problems.append(f"{place}: 应为映射")
                continue
            problems += [f"{place}: 未知的键 {key}" for key in item if key not in _INPUT_KEYS]
            problems += _text_problems(item.get("label"), f"{place}.label")
            problems += _text_problems(item.get("help"), f"{place}.help", required=False)
            if not isinstance(item.get("required"), bool):
                problems.append(f"{place}: required 应为 true 或 false")
            declaration = fields.get(item.get("field"))
            if declaration is None:
                problems.append(f"{place}: 字段 {item.get('field')!r} 没有在 fields 中声明")
            elif declaration["type"] == "record_list":
                if item.get("record") not in declaration.get("values", ()):
                    problems.append(f"{place}: record 应为 {item.get('field')} 的 {declaration.get('key')} 取值之一")
                if item.get("part") not in declaration.get("parts", {}):
                    problems.append(f"{place}: part 应为 {item.get('field')} 的部分之一")
            elif "record" in item or "part" in item:
                problems.append(f"{place}: 只有 record_list 字段的输入项才有 record 和 part")
            elif declaration["type"] in ("choice", "choice_list", "boolean"):
                problems.append(f"{place}: {declaration['type']} 类型的字段请用选择题，不用输入项")
    return problems


def _graph_problems(start: str, targets: dict[str, list[str]]) -> list[str]:
    """Every node reachable from the start, no cycles (so every path ends in the plan)."""
    problems = []
    state: dict[str, str] = {}  # "open" while on the current path, "done" once every path below it is known

    def visit(node_id: str, trail: list[str]):
        state[node_id] = "open"
        for target in targets.get(node_id, []):
            if target == PLAN or target not in targets:
                continue
            if state.get(target) == "open":
                problems.append("循环：" + " → ".join([*trail, node_id, target]))
            elif target not in state:
                visit(target, [*trail, node_id])
        state[node_id] = "done"

    visit(start, [])
    problems += [f"nodes.{node_id}: 从起点无法到达" for node_id in targets if node_id not in state]
    return problems


def problems(raw) -> list[str]:
    """Every problem of a tree file's parsed YAML (empty list = the tree is sound)."""
    if not isinstance(raw, dict):
        return ["树文件应为映射，包含 tree、fields、nodes"]
    found = [f"未知的顶层键 {key}" for key in raw if key not in ("tree", "fields", "nodes", "screens")]
    meta = raw.get("tree")
    if not isinstance(meta, dict):
        return [*found, "tree: 缺少树的元数据"]
    found += [f"tree: 未知的键 {key}" for key in meta if key not in _META_KEYS]
    found += [f"tree: 缺少 {key}" for key in sorted(_META_KEYS) if not meta.get(key)]
    for key in ("review_date", "effective_from"):
        try:
            dt.date.fromisoformat(str(meta.get(key)))
        except ValueError:
            found.append(f"tree.{key}: 日期应为 YYYY-MM-DD")
    fields = raw.get("fields")
    found += _field_problems(fields)
    nodes = raw.get("nodes")
    if not isinstance(nodes, dict) or not nodes:
        return [*found, "nodes: 没有问题节点"]
    if meta.get("start") not in nodes:
        found.append(f"tree.start: 节点 {meta.get('start')!r} 不存在")
    fields = fields if isinstance(fields, dict) else {}
    screens = raw.get("screens") or {}
    if not isinstance(screens, dict):
        return [*found, "screens: 应为映射（每一屏的 id 和标题）"]
    for screen, declaration in screens.items():
        if not isinstance(declaration, dict) or set(declaration) != {"title"}:
            found.append(f"screens.{screen}: 只能有 title")
        else:
            found += _text_problems(declaration["title"], f"screens.{screen}.title")
    for node_id, node in nodes.items():
        found += _node_problems(node_id, node, fields, set(nodes))
        if isinstance(node, dict) and node.get("screen") and node["screen"] not in screens:
            found.append(f"nodes.{node_id}.screen: {node['screen']!r} 没有在 screens 中声明")
    if found:
        return found  # the graph is only meaningful once every node is well formed
    built = {node_id: _build_node(node_id, node, fields) for node_id, node in nodes.items()}
    targets = {node_id: node.targets() for node_id, node in built.items()}
    return _graph_problems(meta["start"], targets) + _screen_problems(built)


def _screen_problems(nodes: dict[str, Node]) -> list[str]:
    """A screen's nodes form one chain entered at its first node; only its last node may branch or leave it."""
    problems = []
    screens: dict[str, list[Node]] = {}
    for node in nodes.values():
        if node.screen:
            screens.setdefault(node.screen, []).append(node)
    for screen, members in screens.items():
        ids = {node.id for node in members}
        entered = [node.id for node in members
                   if not any(node.id in other.targets() for other in nodes.values() if other.id in ids)]
        if len(entered) != 1:
            problems.append(f"screen {screen}: 应当恰好有一个节点作为这一屏的开头（现在是 {'、'.join(entered) or '没有'}）")
            continue
        outside = [other.id for other in nodes.values() if other.id not in ids
                   and any(target in ids - {entered[0]} for target in other.targets())]
        if outside:
            problems.append(f"screen {screen}: 只能从第一个节点进入这一屏，{'、'.join(outside)} 指向了中间的节点")
        chain, node_id = [], entered[0]
        while node_id in ids and node_id not in chain:
            chain.append(node_id)
            targets = nodes[node_id].targets()
            if len(targets) != 1 and any(target in ids for target in targets):
                problems.append(f"screen {screen}: {node_id} 有分支，只能放在这一屏的最后")
                break
            node_id = targets[0]
        if set(chain) != ids:
            problems.append(f"screen {screen}: 节点不在一条链上：{'、'.join(sorted(ids - set(chain)))}")
    return problems


# --- building and loading -----------------------------------------------------------------------------------

def _text(value) -> Text | None:
    return Text(value["zh"], value["en"]) if value else None


def _build_node(node_id: str, raw: dict, fields: dict) -> Node:
    choices = tuple(
        Choice(value=c["value"], label=_text(c["label"]), sets=c.get("set") or {}, next=c.get("next"), exclusive=c.get("exclusive", False))
        for c in raw.get("choices", ())
    )
    inputs = []
    for item in raw.get("inputs", ()):
        declaration = fields[item["field"]]
        if declaration["type"] == "record_list":
            declaration = declaration["parts"][item["part"]]
        rules = {key: declaration[key] for key in ("max_length", "min", "max", "max_items") if key in declaration}
        inputs.append(Input(
            id=item["id"], field=item["field"], type=declaration["type"], required=item["required"], label=_text(item["label"]),
            help=_text(item.get("help")), record=item.get("record"), part=item.get("part"), rules=rules,
        ))
    return Node(
        id=node_id, kind=raw["kind"], text=_text(raw["text"]), why=_text(raw["why"]),
        citations=tuple(raw.get("citations", ())), choices=choices, inputs=tuple(inputs), next=raw.get("next"), call=raw.get("call"),
        screen=raw.get("screen"),
    )


_VERSION = re.compile(r"\d{4}-\d{2}(?:\.\d+)?")  # 2026-12, then 2026-12.2 for a second version that month


def tree_path(tree_id: str, version: str) -> Path:
    if not _ID.fullmatch(tree_id) or not _VERSION.fullmatch(version):
        raise TreeError(f"{tree_id}/{version}", ["没有这个版本的问答"])
    return TREES_DIR / tree_id / f"{version}.yaml"


def versions(tree_id: str) -> list[str]:
    """Published versions of a tree, oldest first."""
    return [path.stem for path in sorted((TREES_DIR / tree_id).glob("*.yaml"), key=version_key)]


def parse(text: str, source: str = "tree") -> Tree:
    """A Tree from YAML text; TreeError listing every problem if the data is not sound."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TreeError(source, [f"YAML 无法解析：{error}"]) from None
    found = problems(raw)
    if found:
        raise TreeError(source, found)
    meta = raw["tree"]
    nodes = {node_id: _build_node(node_id, node, raw["fields"]) for node_id, node in raw["nodes"].items()}
    screens = {screen: {"title": _text(declaration["title"])} for screen, declaration in (raw.get("screens") or {}).items()}
    return Tree(id=meta["id"], version=str(meta["version"]), meta=meta, fields=raw["fields"], nodes=nodes, start=meta["start"],
                screens=screens)


@functools.cache
def load(tree_id: str = "escalation", version: str | None = None) -> Tree:
    """A published tree (the newest version unless one is named); a case answered under an older version keeps it."""
    # The version is resolved before the parsing cache, so load(), load("escalation", None) and the newest version
    # by name (cached apart here, by how they were called) share one parsed copy.
    return _load(tree_id, version or (versions(tree_id) or ["none"])[-1])


@functools.cache
def _load(tree_id: str, version: str) -> Tree:
    path = tree_path(tree_id, version)
    if not path.exists():
        raise TreeError(f"{tree_id}/{version}", ["没有这个版本的问答"])
    tree = parse(path.read_text(encoding="utf-8"), str(path))
    if (tree.id, tree.version) != (tree_id, version):
        raise TreeError(str(path), [f"文件名与 tree.id/version 不一致：{tree.id}/{tree.version}"])
    return tree


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_all() -> list[str]:
    """Problems of every tree file (for guidance_check), including a published file edited in place."""
    found = []
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    for directory in sorted(path for path in TREES_DIR.iterdir() if path.is_dir()):
        for version in versions(directory.name):
            key = f"{directory.name}/{version}"
            digest = file_digest(tree_path(directory.name, version))
            if key not in published:
                found.append(f"{key}: 没有登记在 {PUBLISHED.name} 中（发布时写入它的 sha256）")
            elif published[key] != digest:
                found.append(f"{key}: 已发布的版本被改动了（sha256 不符）。请另建新版本，不要修改已发布的文件")
            try:
                load.__wrapped__(directory.name, version)
            except TreeError as error:
                found += [f"{directory.name}/{version}: {problem}" for problem in error.problems]
    return found


# --- answers ------------------------------------------------------------------------------------------------

def next_node(node: Node, answer: dict) -> str:
    """Where an answer to `node` leads (a node id or PLAN)."""
    if node.kind == "single":
        return node.choice(answer["choice"]).next
    return node.next


def screen_nodes(tree: Tree, node_id: str) -> list[Node]:
    """The nodes asked on the same page as `node_id`, in order (just that node when it has no screen)."""
    return list(tree.screen_chains[node_id])


def _screen_chain(tree: Tree, node_id: str) -> list[Node]:
    node = tree.nodes[node_id]
    if not node.screen:
        return [node]
    members = {other.id: other for other in tree.nodes.values() if other.screen == node.screen}
    first = next(m for m in members.values() if not any(m.id in other.targets() for other in members.values()))
    chain = [first]
    while chain[-1].targets()[0] in members and len(chain) < len(members):
        chain.append(members[chain[-1].targets()[0]])
    return chain


def answer_is_valid(node: Node, answer) -> bool:
    """Whether a stored answer still fits the node (an answer kept from an older screen may not)."""
    if not isinstance(answer, dict):
        return False
    if node.kind == "single":
        return node.choice(answer.get("choice")) is not None
    if node.kind == "multi":
        chosen = answer.get("choices")
        return isinstance(chosen, list) and bool(chosen) and all(node.choice(value) for value in chosen)
    if node.kind == "input":
        values = answer.get("values")
        return isinstance(values, dict) and all(item.id in values or not item.required for item in node.inputs)
    return answer.get("seen") is True


def walk(tree: Tree, answers: dict) -> tuple[list[Node], str]:
    """The nodes on the path the answers take, and where it stops: the first unanswered node's id, or PLAN."""
    on_path, node_id = [], tree.start
    while node_id != PLAN:
        node = tree.nodes[node_id]
        answer = answers.get(node_id)
        if not answer_is_valid(node, answer):
            return on_path, node_id
        on_path.append(node)
        node_id = next_node(node, answer)
    return on_path, PLAN


def _put(case: dict, dotted: str, value, kind: str):
    *parents, last = dotted.split(".")
    target = case
    for name in parents:
        target = target.setdefault(name, {})
    if kind == "choice_list":
        existing = target.setdefault(last, [])
        existing.extend(item for item in value if item not in existing)
    else:
        target[last] = value


def _put_record(case: dict, list_name: str, key: str, values: dict):
    records = case.setdefault(list_name, [])
    record = next((r for r in records if r.get(key) == values[key]), None)
    if record is None:
        records.append(dict(values))
    else:
        record.update(values)


def case_from_answers(tree: Tree, answers: dict, *, on_path: list[Node] | None = None) -> dict:
    """The case file (zhirao-case/1, without `today`) that the answers on the current path describe.

    Answers kept for nodes that are no longer on the path (the borrower changed an earlier answer) are ignored.
    `on_path`: the nodes walk(tree, answers) returns, when the caller has walked already.
    """
    case: dict = {"spec": CASE_SPEC}
    if on_path is None:
        on_path, _ = walk(tree, answers)
    for node in on_path:
        answer = answers[node.id]
        if node.kind == "single":
            settings = [node.choice(answer["choice"]).sets]
        elif node.kind == "multi":
            settings = [node.choice(value).sets for value in answer["choices"]]
        else:
            settings = []
        for sets in settings:
            for name, value in sets.items():
                declaration = tree.fields[name]
                if declaration["type"] == "record_list":
                    _put_record(case, name, declaration["key"], value)
                else:
                    _put(case, name, value, declaration["type"])
        for item in node.inputs:
            value = answer["values"].get(item.id)
            if value in (None, "", []):
                continue
            if item.record:
                _put_record(case, item.field, tree.fields[item.field]["key"], {tree.fields[item.field]["key"]: item.record, item.part: value})
            else:
                _put(case, item.field, value, item.type)
    return case


# --- every path, for tests and review ----------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """One route from the start to the plan: (node id, choice value or None for input and notice screens) per step."""

    steps: tuple[tuple[str, str | None], ...]

    @property
    def id(self) -> str:
        return "/".join(f"{node}={choice}" if choice else node for node, choice in self.steps)


def paths(tree: Tree) -> list[Route]:
    """Every distinct root-to-plan route (routes differ in the nodes they visit).

    Where several choices of a node lead to the same next node, each route takes one of them, rotating
    from route to route so that across all routes every choice is taken.
    """
    edges: list[list[tuple[str, str]]] = []  # each route as (node id, the node it goes to)

    def extend(node_id: str, trail: list):
        if node_id == PLAN:
            edges.append(trail)
            return
        for target in tree.nodes[node_id].targets():
            extend(target, [*trail, (node_id, target)])

    extend(tree.start, [])
    turn: dict[tuple[str, str], int] = {}
    routes = []
    for trail in edges:
        steps = []
        for node_id, target in trail:
            node = tree.nodes[node_id]
            options = [c.value for c in node.choices if node.kind == "multi" or c.next == target] or [None]
            index = turn.get((node_id, target), 0)
            turn[(node_id, target)] = index + 1
            steps.append((node_id, options[index % len(options)]))
        routes.append(Route(tuple(steps)))
    return routes
