"""The escalation ladder (guidance/ladders/<id>/<version>.yaml): load it, check it, compile its conditions.

The file is reviewed legal data; this module refuses a file with unknown keys, actions out of facts.md's
order, prerequisites that point forward, waiting periods without a law behind them, or a citation or quote
that does not match ../shared/law exactly. Conditions are compiled once into plain functions so that the
engine spends its time on the case, not on the YAML.
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

LADDERS_DIR = Path(__file__).resolve().parent / "ladders"
CURRENT = ("escalation", "2026-12.1")

LETTER_KINDS = (
    "evidence_list", "collector_cease", "lender_complaint", "pipl_request", "repayment_proposal", "carrier_complaint",
    "report_12321", "miit_appeal", "regulator_complaint", "police_report", "civil_complaint", "consumer_association_complaint",
)
# Addressees the engine works out from the case itself; the others are named in the file's `addressees`.
CASE_ADDRESSEES = ("none", "collector", "lender", "carrier_of_collector_numbers", "regulator_by_lender_kind")

# The case-file fields a condition may test, with the values each may be compared to (None: any boolean/list).
CONDITION_FIELDS = {
    "safety.in_danger_now": bool,
    "lender.kind": schema.LENDER_KINDS,
    "lender.illegal_debt_signs": bool,
    "collector.kind": schema.COLLECTOR_KINDS,
    "collector.numbers": list,
    "collector.address": dict,
    "harassment.channels": schema.CHANNELS,
    "harassment.targets": schema.TARGETS,
    "harassment.content": schema.CONTENTS,
    "harassment.night_contact": bool,
    "wants": schema.WANTS,
    "steps_taken[].action": schema.ACTIONS,
    "steps_taken[].result": schema.STEP_RESULTS,
    # Facts the letter code computes from the case for the letter data's conditions (guidance/letter_data.py).
    "letter.repeated_contact": bool,
    "letter.has_screenshots": bool,
    "letter.regulator": ("nfra", "pboc", "local"),
    "letter.co_defendant_lender": bool,
    "letter.third_party_logged": bool,
    "letter.collector_numbers": bool,
    "letter.bombing_ports": bool,
}
LIST_FIELDS = {"collector.numbers", "harassment.channels", "harassment.targets", "harassment.content", "wants",
               "steps_taken[].action", "steps_taken[].result"}


class LadderError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("阶梯文件有误：\n" + "\n".join(problems))


@dataclass(frozen=True)
class Text:
    zh: str
    en: str


@dataclass(frozen=True)
class Citation:
    law: str
    article: str
    quote: str

    def ref(self) -> dict:
        return {"law": self.law, "article": self.article}


@dataclass(frozen=True)
class Note:
    when: object  # compiled condition: case -> bool
    text: Text
    citations: tuple[Citation, ...]
    for_legal_workers: Text | None = None


@dataclass(frozen=True)
class Wait:
    days: int
    counting: str
    after_results: frozenset
    why: Text
    citations: tuple[Citation, ...]
    for_legal_workers: Text | None = None

    def until(self, start: dt.date) -> dt.date:
        # "15日内" counted in calendar days with the last day included (banking_insurance_complaints 第四十三条):
        # the answer is still in time on start + 15, late from start + 16.
        return start + dt.timedelta(days=self.days)


@dataclass(frozen=True)
class Need:
    action: str
    when: object
    basis: str
    why: Text
    citations: tuple[Citation, ...]
    wait: Wait | None
    for_legal_workers: Text | None = None


@dataclass(frozen=True)
class Action:
    id: str
    title: Text
    letter: str | None
    addressee: str
    urgent: bool
    stops_when_resolved: bool
    applies_when: object
    not_applicable_why: Text | None
    why: Text
    notes: tuple[Note, ...]
    needs: tuple[Need, ...]
    citations: tuple[Citation, ...]
    for_legal_workers: Text | None = None


@dataclass(frozen=True)
class CourtPeriod:
    """The legal period that court papers of one kind start, counted from the day the borrower received them."""

    title: Text
    days: int
    why: Text
    citations: tuple[Citation, ...]
    for_legal_workers: Text | None = None

    def until(self, received: dt.date) -> dt.date:
        # "自收到之日起十五日内": the day of receipt is not counted, the last day is.
        return received + dt.timedelta(days=self.days)


@dataclass(frozen=True)
class Ladder:
    meta: dict
    addressees: dict
    regulators: dict
    regulator_addressees: dict
    actions: tuple[Action, ...]
    source: Path
    court_periods: dict = field(default_factory=dict)  # court_papers.kind -> CourtPeriod

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def version(self) -> str:
        return self.meta["version"]

    def action(self, action_id: str) -> Action:
        return next(action for action in self.actions if action.id == action_id)

    def answer_period(self, action_id: str, case: dict) -> Wait | None:
        """How long the addressee of `action_id` has to answer in this case: the wait that a later action's
        prerequisite places on it (the one source of every answer period a plan or a letter states)."""
        for action in self.actions:
            for need in action.needs:
                if need.action == action_id and need.wait is not None and need.when(case):
                    return need.wait
        return None


def _always(case):
    return True


class _Checker:
    """Walks the YAML, collecting every problem with its path, and builds the typed ladder."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, path: str, message: str):
        self.problems.append(f"{path}: {message}")

    def mapping(self, value, path, *, required=(), optional=()) -> dict:
        if not isinstance(value, dict):
            self.fail(path, "应为映射（key: value）")
            return {}
        for key in value:
            if key not in required and key not in optional:
                self.fail(f"{path}.{key}", f"不认识的键（可用：{'、'.join((*required, *optional))}）")
        for key in required:
            if key not in value:
                self.fail(f"{path}.{key}", "缺少这个键")
        return value

    def text(self, value, path) -> Text:
        value = self.mapping(value, path, required=("zh", "en"))
        for key in ("zh", "en"):
            if key in value and (not isinstance(value[key], str) or not value[key].strip()):
                self.fail(f"{path}.{key}", "应为非空文本")
        return Text(str(value.get("zh", "")).strip(), str(value.get("en", "")).strip())

    def for_legal_workers(self, value: dict, path: str) -> Text | None:
        # Details only a legal worker needs (what Zhirao's law texts lack, a secondary source): kept out of the
        # borrower's text and shown in a fold of their own.
        if "for_legal_workers" not in value:
            return None
        return self.text(value["for_legal_workers"], f"{path}.for_legal_workers")

    def citations(self, value, path) -> tuple[Citation, ...]:
        if not isinstance(value, list):
            self.fail(path, "应为列表")
            return ()
        result = []
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            item = self.mapping(item, where, required=("law", "article", "quote"))
            if not {"law", "article", "quote"} <= item.keys():
                continue
            citation = Citation(str(item["law"]), str(item["article"]), str(item["quote"]))
            for problem in law.quote_problems(citation.law, citation.article, citation.quote):
                if problem.is_error:
                    self.fail(where, problem.message)
            result.append(citation)
        return tuple(result)

    def condition(self, value, path):
        if not isinstance(value, dict) or len(value) == 0:
            self.fail(path, "条件应为映射")
            return _always
        if set(value) & {"any", "all"}:
            if len(value) != 1:
                self.fail(path, "any/all 应单独出现")
                return _always
            ((combinator, parts),) = value.items()
            if not isinstance(parts, list) or not parts:
                self.fail(path, "any/all 应单独出现，并带一个非空条件列表")
                return _always
            compiled = [self.condition(part, f"{path}.{combinator}[{index}]") for index, part in enumerate(parts)]
            if combinator == "any":
                return lambda case: any(test(case) for test in compiled)
            return lambda case: all(test(case) for test in compiled)
        if "not" in value:
            self.mapping(value, path, required=("not",))
            inner = self.condition(value["not"], f"{path}.not")
            return lambda case: not inner(case)
        return self.field_test(value, path)

    def field_test(self, value, path):
        tests = ("is", "in", "has_any", "not_empty")
        value = self.mapping(value, path, required=("field",), optional=tests)
        field = value.get("field")
        chosen = [key for key in tests if key in value]
        if field not in CONDITION_FIELDS:
            self.fail(f"{path}.field", f"不能用作条件的字段 \"{field}\"（可用：{'、'.join(CONDITION_FIELDS)}）")
            return _always
        if len(chosen) != 1:
            self.fail(path, "每个条件只能有一个判断（is、in、has_any、not_empty 之一）")
            return _always
        test, operand = chosen[0], value[chosen[0]]
        allowed = CONDITION_FIELDS[field]
        read = _reader(field)
        if test == "is":
            if allowed is not bool or not isinstance(operand, bool):
                self.fail(path, f"is 只能用于 true/false 字段，并给出 true 或 false（{field}）")
            return lambda case: read(case) is operand
        if test == "not_empty":
            if operand is not True:
                self.fail(path, "not_empty 只能写 true")
            return lambda case: bool(read(case))
        if not isinstance(operand, list) or not operand:
            self.fail(path, f"{test} 需要一个非空取值列表")
            return _always
        if isinstance(allowed, tuple):
            for item in operand:
                if item not in allowed:
                    self.fail(path, f"\"{item}\" 不是 {field} 的取值（可选：{'、'.join(allowed)}）")
        options = frozenset(operand)
        if test == "in":
            if field in LIST_FIELDS:
                self.fail(path, f"{field} 是列表字段，请用 has_any")
            return lambda case: read(case) in options
        if field not in LIST_FIELDS:
            self.fail(path, f"{field} 不是列表字段，请用 in")
        return lambda case: not options.isdisjoint(read(case) or ())


def _reader(field: str):
    """A function reading one case-file path; `a[].b` collects b from every item of list a."""
    if "[]." in field:
        list_key, item_key = field.split("[].")
        return lambda case: [item.get(item_key) for item in case.get(list_key, ())]
    first, _, second = field.partition(".")
    if not second:
        return lambda case: case.get(first)
    return lambda case: case.get(first, {}).get(second)


def _build(raw, source: Path) -> tuple[Ladder | None, list[str]]:
    check = _Checker()
    top = check.mapping(raw, "(文件)", required=("ladder", "addressees", "regulators", "regulator_addressees", "actions"),
                        optional=("court_periods",))
    meta = check.mapping(top.get("ladder", {}), "ladder", required=(
        "id", "version", "title", "jurisdiction", "authors", "reviewed_by", "review_date", "effective_from"))
    if "title" in meta:
        check.text(meta["title"], "ladder.title")
    for key in ("authors", "reviewed_by"):
        if key in meta and (not isinstance(meta[key], list) or not all(isinstance(name, str) and name for name in meta[key])):
            check.fail(f"ladder.{key}", "应为非空名字列表")
    for key in ("review_date", "effective_from"):
        try:
            dt.date.fromisoformat(str(meta.get(key, "")))
        except ValueError:
            check.fail(f"ladder.{key}", "应为 YYYY-MM-DD 日期")
    expected_name = f"{meta.get('id')}/{meta.get('version')}.yaml"
    if source.parent.name + "/" + source.name != expected_name:
        check.fail("ladder", f"文件名应与 id/version 一致：{expected_name}")

    def addressee_table(value, path):
        table = {}
        for key, entry in check.mapping(value, path, optional=tuple(value or ())).items():
            where = f"{path}.{key}"
            entry = check.mapping(entry, where, required=("name", "hotline"), optional=("alternatives",))
            hotline = entry.get("hotline")
            if hotline is not None and not (isinstance(hotline, str) and hotline.isdigit()):
                check.fail(f"{where}.hotline", "应为数字组成的号码或 null")
            alternatives = []
            for index, alternative in enumerate(entry.get("alternatives", [])):
                alt_path = f"{where}.alternatives[{index}]"
                alternative = check.mapping(alternative, alt_path, required=("name", "hotline", "when"))
                alternatives.append({"name": check.text(alternative.get("name", {}), f"{alt_path}.name"),
                                     "hotline": alternative.get("hotline"),
                                     "when": check.text(alternative.get("when", {}), f"{alt_path}.when")})
            table[key] = {"name": check.text(entry.get("name", {}), f"{where}.name"), "hotline": hotline,
                          "alternatives": tuple(alternatives)}
        return table

    addressees = addressee_table(top.get("addressees", {}), "addressees")
    regulator_addressees = addressee_table(top.get("regulator_addressees", {}), "regulator_addressees")
    regulators = check.mapping(top.get("regulators", {}), "regulators", required=schema.LENDER_KINDS)
    for kind, target in regulators.items():
        if target not in regulator_addressees:
            check.fail(f"regulators.{kind}", f"regulator_addressees 中没有 \"{target}\"")

    actions = []
    raw_actions = top.get("actions", [])
    ids = [item.get("id") if isinstance(item, dict) else None for item in raw_actions] if isinstance(raw_actions, list) else []
    if ids != list(schema.ACTIONS):
        check.fail("actions", f"应按 facts.md 的顺序列出每个行动一次：{'、'.join(schema.ACTIONS)}（实际：{ids}）")
    for index, item in enumerate(raw_actions if isinstance(raw_actions, list) else []):
        path = f"actions[{index}]"
        item = check.mapping(item, path, required=("id", "title", "letter", "addressee", "stops_when_resolved", "why", "citations"),
                             optional=("urgent", "applies_when", "not_applicable_why", "notes", "needs", "for_legal_workers"))
        action_id = item.get("id")
        if item.get("letter") is not None and item.get("letter") not in LETTER_KINDS:
            check.fail(f"{path}.letter", f"不认识的文书种类 \"{item.get('letter')}\"")
        if item.get("addressee") not in (*CASE_ADDRESSEES, *addressees):
            check.fail(f"{path}.addressee", f"不认识的收件方 \"{item.get('addressee')}\"")
        for flag in ("urgent", "stops_when_resolved"):
            if flag in item and not isinstance(item[flag], bool):
                check.fail(f"{path}.{flag}", "应为 true 或 false")
        if ("applies_when" in item) != ("not_applicable_why" in item):
            check.fail(path, "applies_when 和 not_applicable_why 要一起写")
        needs = []
        for need_index, need in enumerate(item.get("needs", [])):
            needs.append(_need(check, need, f"{path}.needs[{need_index}]", action_id, ids))
        notes = []
        for note_index, note in enumerate(item.get("notes", [])):
            note_path = f"{path}.notes[{note_index}]"
            note = check.mapping(note, note_path, required=("when", "zh", "en", "citations"), optional=("for_legal_workers",))
            notes.append(Note(check.condition(note.get("when"), f"{note_path}.when"),
                              check.text({"zh": note.get("zh"), "en": note.get("en")}, note_path),
                              check.citations(note.get("citations", []), f"{note_path}.citations"),
                              check.for_legal_workers(note, note_path)))
        citations = check.citations(item.get("citations", []), f"{path}.citations")
        if not citations:
            check.fail(f"{path}.citations", "每个行动至少要引用一条法律")
        actions.append(Action(
            id=action_id,
            title=check.text(item.get("title", {}), f"{path}.title"),
            letter=item.get("letter"),
            addressee=item.get("addressee"),
            urgent=item.get("urgent", False),
            stops_when_resolved=item.get("stops_when_resolved", False),
            applies_when=check.condition(item["applies_when"], f"{path}.applies_when") if "applies_when" in item else _always,
            not_applicable_why=check.text(item["not_applicable_why"], f"{path}.not_applicable_why") if "not_applicable_why" in item else None,
            why=check.text(item.get("why", {}), f"{path}.why"),
            notes=tuple(notes),
            needs=tuple(needs),
            citations=citations,
            for_legal_workers=check.for_legal_workers(item, path),
        ))
    court_periods = _court_periods(check, top.get("court_periods", {}))
    if check.problems:
        return None, check.problems
    return Ladder(meta=meta, addressees=addressees, regulators=regulators, regulator_addressees=regulator_addressees,
                  actions=tuple(actions), source=source, court_periods=court_periods), []


def _court_periods(check: _Checker, raw) -> dict:
    periods = {}
    for kind, entry in check.mapping(raw, "court_periods", optional=schema.COURT_PAPER_KINDS).items():
        path = f"court_periods.{kind}"
        entry = check.mapping(entry, path, required=("title", "days", "why", "citations"), optional=("for_legal_workers",))
        days = entry.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            check.fail(f"{path}.days", "应为正整数")
        citations = check.citations(entry.get("citations", []), f"{path}.citations")
        if not citations:
            check.fail(f"{path}.citations", "期限必须来自法律条文，请引用")
        periods[kind] = CourtPeriod(check.text(entry.get("title", {}), f"{path}.title"), days if isinstance(days, int) else 0,
                                    check.text(entry.get("why", {}), f"{path}.why"), citations,
                                    check.for_legal_workers(entry, path))
    return periods


def _need(check: _Checker, need, path, action_id, ids) -> Need:
    need = check.mapping(need, path, required=("action", "basis", "why", "citations"), optional=("when", "wait", "for_legal_workers"))
    needed = need.get("action")
    if needed not in ids or action_id not in ids or ids.index(needed) >= ids.index(action_id):
        check.fail(f"{path}.action", f"\"{needed}\" 必须是排在 {action_id} 之前的行动")
    basis = need.get("basis")
    citations = check.citations(need.get("citations", []), f"{path}.citations")
    if basis not in ("law", "practice"):
        check.fail(f"{path}.basis", "应为 law（法律要求）或 practice（实践顺序）")
    if basis == "law" and not citations:
        check.fail(f"{path}.citations", "basis: law 必须引用法律")
    wait = None
    if "wait" in need:
        wait_path = f"{path}.wait"
        raw = check.mapping(need["wait"], wait_path, required=("days", "counting", "after_results", "why", "citations"),
                            optional=("for_legal_workers",))
        days = raw.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
            check.fail(f"{wait_path}.days", "应为正整数")
            days = 0
        if raw.get("counting") != "calendar":
            # Working days need the official holiday calendar (调休), which Zhirao does not have.
            check.fail(f"{wait_path}.counting", "只支持 calendar（自然日）；工作日需要官方节假日安排，本工具没有")
        results = raw.get("after_results", [])
        if not isinstance(results, list) or not set(results) <= set(schema.STEP_RESULTS):
            check.fail(f"{wait_path}.after_results", f"应为 {'、'.join(schema.STEP_RESULTS)} 中的取值列表")
            results = []
        wait_citations = check.citations(raw.get("citations", []), f"{wait_path}.citations")
        if not wait_citations:
            check.fail(f"{wait_path}.citations", "等待期必须来自法律条文，请引用")
        wait = Wait(days, "calendar", frozenset(results), check.text(raw.get("why", {}), f"{wait_path}.why"), wait_citations,
                    check.for_legal_workers(raw, wait_path))
    return Need(
        action=needed,
        when=check.condition(need["when"], f"{path}.when") if "when" in need else _always,
        basis=basis,
        why=check.text(need.get("why", {}), f"{path}.why"),
        citations=citations,
        wait=wait,
        for_legal_workers=check.for_legal_workers(need, path),
    )


def read_yaml(path: Path):
    # libyaml's loader: the pure-Python one takes a quarter of a second for this file.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader


def path_for(ladder_id: str, version: str) -> Path:
    return LADDERS_DIR / ladder_id / f"{version}.yaml"


def problems(path: Path | None = None) -> list[str]:
    """Everything wrong with a ladder file (empty when it is sound)."""
    path = path or path_for(*CURRENT)
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as error:
        return [f"{path.name}: 无法读取：{error}"]
    return _build(raw, path)[1]


def version_key(path: Path) -> tuple[int, ...]:
    """A reviewed data file's version as numbers, so `2026-12-06.10` sorts after `2026-12-06.9`."""
    return tuple(int(part) for part in re.split(r"[-.]", path.stem))


def read_published(directory: Path) -> dict:
    """The sha256 of each published file (`<dir>/<version>` -> digest) from the directory's published.json."""
    registry = directory / "published.json"
    return json.loads(registry.read_text(encoding="utf-8")) if registry.exists() else {}


def publication_problems(path: Path, published: dict) -> list[str]:
    """A reviewed data file that is not registered as published, or that was edited after it was published."""
    key = f"{path.parent.name}/{path.stem}"
    if key not in published:
        return [f"{key}: 没有登记在 published.json 中（发布时写入它的 sha256）"]
    if published[key] != hashlib.sha256(path.read_bytes()).hexdigest():
        return [f"{key}: 已发布的版本被改动了（sha256 不符）。请另建新版本，不要修改已发布的文件"]
    return []


def check_all() -> list[str]:
    """Problems of the current ladder, and any published version edited in place: a published file's sha256 is
    recorded in ladders/published.json, and a change must be a new version instead. Older published versions are
    records of what was published; only the current one and unpublished drafts must meet today's rules."""
    published = read_published(LADDERS_DIR)
    found = []
    for path in sorted(LADDERS_DIR.glob("*/*.yaml")):
        key = f"{path.parent.name}/{path.stem}"
        found += publication_problems(path, published)
        if key not in published or (path.parent.name, path.stem) == CURRENT:
            found += [f"{key}: {problem}" for problem in problems(path)]
    return found


@functools.cache
def load(ladder_id: str = CURRENT[0], version: str = CURRENT[1]) -> Ladder:
    """The ladder, checked; raises LadderError listing every problem."""
    path = path_for(ladder_id, version)
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as error:
        raise LadderError([f"{path.name}: 无法读取：{error}"]) from None
    ladder, found = _build(raw, path)
    if found:
        raise LadderError(found)
    return ladder
