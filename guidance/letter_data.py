"""The letter texts (guidance/letters/<kind>/<version>.yaml): reviewed legal data like the ladder and the tree.

Pure (no Django): this module loads a kind's file, refuses unknown keys, refuses a citation that is not a complete
article of ../shared/law (never one the files hold only in `partial_articles`), and compiles every `when:` /
`unless:` with the ladder's condition vocabulary. Conditions are named once in guidance/letters/conditions/ and a
letter's items refer to them by name. A published file is never edited in place: guidance/letters/published.json
records each file's sha256, and a change is a new version (the highest version of a kind is the one in use).
"""

from __future__ import annotations

import functools
import hashlib
import string
from dataclasses import dataclass, field
from pathlib import Path

from guidance import law
from guidance.ladder import _Checker, publication_problems, read_published, read_yaml, version_key

LETTERS_DIR = Path(__file__).resolve().parent / "letters"
CONDITIONS = "conditions"
WORDING = "wording"
# The slots each sentence of the facts wording may use: the letter code computes exactly these values.
SENTENCE_SLOTS = {
    "loan": {"me", "borrower", "app", "lender", "reference"}, "loan_app": {"app"}, "loan_reference": {"reference"},
    "collected_by_agency": {"collector"}, "collected_by_lender": {"lender"},
    "statement": {"me", "since", "party", "via", "verb", "whom", "peak"}, "since": {"date"}, "statement_via": {"channels"},
    "statement_whom_others": {"me", "others"}, "statement_verb_repeated": set(), "statement_verb_once": set(),
    "statement_peak": {"count"}, "statement_peak_with_codes": {"count"}, "own_third_parties": {"me", "parties"},
    "bombing": {"since", "party", "me", "peak", "logged", "ports"}, "bombing_peak": {"me", "count"},
    "bombing_logged": {"me", "count", "span", "peak", "example"}, "bombing_logged_peak": {"date", "count"},
    "bombing_example": {"moment", "text"}, "bombing_ports": {"ports", "party"},
    "log": {"me", "of_stated", "count", "span", "channels", "numbers", "whom", "peak"}, "log_of_stated": set(),
    "log_channel_count": {"channel", "count"}, "log_numbers": {"party", "count"}, "log_whom": {"counts"},
    "log_peak": {"date", "count"}, "span_range": {"first", "last"},
    "night_logged": {"count", "moment"}, "night_stated": {"me", "party"}, "content": {"me", "party", "content"},
    "quotes": {"me", "quotes"}, "quote": {"moment", "source", "verb", "who", "text"}, "quote_source_number": {"number"},
    "quote_verb_call": set(), "quote_verb_other": {"channel"},
    "step": {"me", "date", "action", "target", "reference", "result"}, "step_target": {"target"},
    "step_reference": {"reference"}, "step_result": {"result"},
    "since_step": {"date", "me", "action", "target", "party", "count", "channels", "numbers", "whom", "last"},
    "since_step_numbers": {"count"},
    "evidence_log": {"count", "first", "last", "me"}, "evidence_files": {"count", "me"}, "mental_harm": {"harm"},
    "reasonable_note": set(), "reply_from_receipt": {"days"}, "reply_by_date": {"date"}, "reply_law_note": {"laws"},
    "evidence_list_attached": {"count"}, "collector_of_lender": {"lender"}, "unknown_collector": set(),
    "lender_and_agency": {"collector"}, "lender_self": set(), "lender_and_collectors": set(),
    "named_lender_and_agency": {"lender", "collector"}, "unnamed_lender": set(), "contact_means": {"channels"},
    "step_reference_bracketed": {"reference"}, "appeal_result_no_reply": set(), "appeal_result_continued": set(),
    "appeal_result_refused": set(), "appeal_result_resolved": set(), "installments": {"count"},
    "party_collector": set(), "party_defendant": set(), "party_first_defendant": set(), "party_second_defendant": set(),
    "party_both_defendants": set(), "voice_borrower": set(), "voice_plaintiff": set(), "voice_reporter": set(),
    "text_number_logged": {"count"}, "text_number_stated": set(), "evidence_line": {"title", "kind", "digest"},
    "evidence_line_third_party": {"title", "kind", "digest", "relation", "person"},
    "evidence_title_third_party": {"relation", "person", "kind"}, "evidence_source_third_party": {"relation", "person"},
}
LABEL_SETS = {"channels", "targets", "content", "stop", "actions", "results", "relations"}
DOCUMENT_KEYS = {
    "demands_heading", "facts_heading", "basis_heading", "narrative", "numbers_caption", "numbers_number",
    "numbers_carrier", "numbers_count", "numbers_dates", "numbers_not_logged", "carrier_unknown", "secondary_note",
    "attachments_heading", "copy_to", "signer", "signature", "civil_demands_heading", "civil_facts_heading",
    "civil_basis_heading", "civil_evidence_heading", "civil_no_evidence", "civil_witnesses", "civil_no_witnesses",
    "civil_salutation", "civil_attachments_heading", "civil_signer", "miit_demands_heading", "miit_facts_heading",
    "miit_signer", "police_demands_heading", "police_facts_heading", "police_signer", "report_demands_heading",
    "report_facts_heading", "report_basis_heading",
    "parties_label", "party_to", "party_address", "party_postcode", "party_hotline", "party_sender", "party_phone",
    "party_id_number", "party_sender_address", "civil_parties_label", "civil_plaintiff", "civil_occupation", "civil_employer",
    "civil_domicile", "civil_defendant", "civil_first_defendant", "civil_second_defendant", "miit_appellant", "miit_respondent",
    "miit_respondent_address", "police_parties_label", "police_reporter", "police_residence", "report_parties_label",
    "report_channel", "report_reporter", "report_date", "evidence_list_heading", "text_demands", "text_facts", "text_numbers",
    "date_range_to",
}
KIND_ORDER = (
    "collector_cease", "lender_complaint", "pipl_request", "repayment_proposal", "carrier_complaint",
    "report_12321", "miit_appeal", "regulator_complaint", "police_report", "civil_complaint", "consumer_association_complaint",
)
ADDRESSEES = ("collector", "lender", "carrier", "report_12321", "miit", "regulator", "police", "court", "consumer_association")
_KEYS = {
    "kind", "title", "action", "template_version", "reviewed_by", "review_date", "addressee", "postal", "copy_to",
    "required", "required_when", "inputs", "reply", "demands", "citations", "attachments", "intro", "closing",
}
_REQUIRED = {"kind", "title", "action", "template_version", "reviewed_by", "review_date", "addressee", "postal",
             "required", "demands", "citations", "intro", "closing"}
_ITEM_KEYS = {
    "demands": ({"text"}, {"when", "unless"}),
    "citations": ({"law", "article"}, {"when", "unless"}),
    "reply": (set(), {"days", "ladder", "when", "unless"}),
    "attachments": ({"text"}, {"when", "unless"}),
}
_INPUT_KEYS = {"name", "label", "max_length", "required", "kind", "multiline", "default", "choices"}


class LetterDataError(ValueError):
    """A letter's reviewed data file is malformed; raised at load time so it never reaches a borrower."""


@dataclass(frozen=True)
class InputSpec:
    """A field the borrower types because the case file does not hold it (a court's name, a regulator's address)."""

    name: str
    label: str
    max_length: int = 100
    required: bool = False
    kind: str = "text"  # text | date | amount | integer | postcode | choice
    multiline: bool = False
    default: str = ""
    choices: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LetterKind:
    kind: str
    title: str
    action: str
    template_version: str
    reviewed_by: str
    review_date: str
    addressee: str
    postal: str  # required | optional | none
    required: tuple
    demands: tuple  # dicts: text, when?, unless?, test (compiled: facts -> bool)
    citations: tuple
    attachments: tuple
    intro: str
    closing: str
    copy_to: str = ""
    required_when: dict = field(default_factory=dict)  # condition name -> paths
    inputs: tuple = ()
    reply: tuple = ()
    source: str = ""

    @property
    def template_name(self) -> str:
        return f"letters/{self.kind}.html"

    def input(self, name: str) -> InputSpec | None:
        return next((spec for spec in self.inputs if spec.name == name), None)


def _always(facts) -> bool:
    return True


def _versions(name: str) -> list[Path]:
    return sorted((LETTERS_DIR / name).glob("*.yaml"), key=version_key)


def path_for(name: str) -> Path:
    """The version in use of a kind (or of the conditions): the highest version present."""
    versions = _versions(name)
    if not versions:
        raise LetterDataError(f"{name}: no file under {LETTERS_DIR / name}")
    return versions[-1]


def _compile_conditions(raw, check: _Checker) -> dict:
    if not isinstance(raw, dict) or not raw:
        check.fail("conditions", "应为“名称: 条件”的映射")
        return {}
    return {name: check.condition(condition, f"conditions.{name}") for name, condition in raw.items()}


@functools.cache
def conditions() -> dict:
    """The named conditions, compiled: name -> function(facts) -> bool."""
    check = _Checker()
    compiled = _compile_conditions(read_yaml(path_for(CONDITIONS)), check)
    if check.problems:
        raise LetterDataError("；".join(check.problems))
    return compiled


def _test(item: dict, where: str, named: dict, problems: list[str]):
    """One function for an item's `when` (a name or a list of names, any of which holds) and `unless` (none holds)."""
    def names(key):
        value = item.get(key)
        if value is None:
            return []
        listed = [value] if isinstance(value, str) else value
        if not isinstance(listed, list) or not listed or not all(isinstance(name, str) for name in listed):
            problems.append(f"{where}.{key}: 应为条件名或条件名列表")
            return []
        unknown = [name for name in listed if name not in named]
        if unknown:
            problems.append(f"{where}.{key}: 不认识的条件 {unknown}（见 guidance/letters/{CONDITIONS}/）")
        return [named[name] for name in listed if name in named]

    when, unless = names("when"), names("unless")
    if not when and not unless:
        return _always
    return lambda facts: (not when or any(test(facts) for test in when)) and not any(test(facts) for test in unless)


def _complete_article(stem: str, label: str) -> bool:
    try:
        return law.has_article(stem, label)
    except (KeyError, law.LawReferenceError):
        return False


def _build(kind: str, path: Path, raw, named: dict) -> tuple[LetterKind | None, list[str]]:
    problems: list[str] = []
    if not isinstance(raw, dict):
        return None, [f"{path.name}: 应为映射"]
    unknown = set(raw) - _KEYS
    if unknown:
        problems.append(f"不认识的键 {sorted(unknown)}")
    missing = _REQUIRED - set(raw)
    if missing:
        problems.append(f"缺少 {sorted(missing)}")
    if raw.get("kind") != kind:
        problems.append(f"kind 应为 {kind}")
    if raw.get("template_version") != f"{kind}/{path.stem}":
        problems.append(f"template_version 应与文件名一致：{kind}/{path.stem}")
    if raw.get("postal") not in ("required", "optional", "none"):
        problems.append("postal 应为 required、optional 或 none")
    if raw.get("addressee") not in ADDRESSEES:
        problems.append(f"addressee 应为 {'、'.join(ADDRESSEES)} 之一")
    sections = {}
    for section, (needed, optional) in _ITEM_KEYS.items():
        items = []
        for index, item in enumerate(raw.get(section) or []):
            where = f"{section}[{index}]"
            if section == "attachments" and isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not needed <= set(item) or set(item) - needed - optional:
                problems.append(f"{where}: 应有 {sorted(needed)}，只能有 {sorted(needed | optional)}")
                continue
            if section == "citations" and not _complete_article(str(item["law"]), str(item["article"])):
                problems.append(f"{where}: {item['law']} {item['article']} 不是 ../shared/law 中的完整条文（部分条文不能引用）")
            if section == "reply" and ("days" in item) == bool(item.get("ladder")):
                problems.append(f"{where}: 写 days（本人自定的期限）或 ladder: true（阶梯中的答复期限）之一")
            items.append({**item, "test": _test(item, where, named, problems)})
        sections[section] = tuple(items)
    required_when = {}
    for name, paths in (raw.get("required_when") or {}).items():
        if name not in named:
            problems.append(f"required_when.{name}: 不认识的条件")
        required_when[name] = tuple(paths)
    inputs = []
    for index, item in enumerate(raw.get("inputs") or []):
        if not isinstance(item, dict) or set(item) - _INPUT_KEYS or not {"name", "label"} <= set(item):
            problems.append(f"inputs[{index}]: 应有 name、label，只能有 {sorted(_INPUT_KEYS)}")
            continue
        inputs.append(InputSpec(**{key: str(value) if key == "default" else value for key, value in item.items()}))
    if problems:
        return None, [f"{kind}/{path.stem}: {problem}" for problem in problems]
    values = {key: raw[key] for key in ("kind", "title", "action", "template_version", "reviewed_by", "review_date",
                                         "addressee", "postal", "intro", "closing")}
    return LetterKind(**values, copy_to=raw.get("copy_to", ""), required=tuple(raw["required"]),
                      required_when=required_when, inputs=tuple(inputs), source=str(path.relative_to(LETTERS_DIR)),
                      **sections), []


def load(kind: str) -> LetterKind:
    path = path_for(kind)
    letter, problems = _build(kind, path, read_yaml(path), conditions())
    if problems:
        raise LetterDataError("；".join(problems))
    return letter


@functools.cache
def all_kinds() -> dict[str, LetterKind]:
    return {kind: load(kind) for kind in KIND_ORDER}


@dataclass(frozen=True)
class Wording:
    labels: dict
    sentences: dict
    document: dict

    def say(self, name: str, **slots) -> str:
        return self.sentences[name].format_map(slots)


def _wording_problems(raw) -> list[str]:
    if not isinstance(raw, dict) or set(raw) != {"labels", "sentences", "document"}:
        return ["应只有 labels、sentences 和 document 三个键"]
    problems = []
    if not isinstance(raw["document"], dict) or set(raw["document"]) != DOCUMENT_KEYS:
        problems.append(f"document 应恰好有 {sorted(DOCUMENT_KEYS)}")
    labels, sentences = raw["labels"], raw["sentences"]
    if not isinstance(labels, dict) or set(labels) != LABEL_SETS:
        problems.append(f"labels 应恰好有 {sorted(LABEL_SETS)}")
    if not isinstance(sentences, dict) or set(sentences) != set(SENTENCE_SLOTS):
        missing = set(SENTENCE_SLOTS) - set(sentences or {})
        extra = set(sentences or {}) - set(SENTENCE_SLOTS)
        problems.append(f"sentences 缺少 {sorted(missing)}，多出 {sorted(extra)}")
        return problems
    for name, text in sentences.items():
        try:
            slots = {field for _text, field, _spec, _conv in string.Formatter().parse(str(text)) if field is not None}
        except ValueError as error:
            problems.append(f"sentences.{name}: {error}")
            continue
        if slots - SENTENCE_SLOTS[name]:
            problems.append(f"sentences.{name}: 不认识的填空 {sorted(slots - SENTENCE_SLOTS[name])}（可用：{sorted(SENTENCE_SLOTS[name])}）")
    return problems


@functools.cache
def wording() -> Wording:
    """The facts wording in use, checked: every sentence present, each with only the slots the code fills."""
    raw = read_yaml(path_for(WORDING))
    problems = _wording_problems(raw)
    if problems:
        raise LetterDataError("；".join(problems))
    return Wording(labels=raw["labels"], sentences={name: str(text) for name, text in raw["sentences"].items()},
                   document={name: str(text) for name, text in raw["document"].items()})


def check_all() -> list[str]:
    """Everything wrong with the letter data: unregistered or edited published files, and each file's problems."""
    published = read_published(LETTERS_DIR)
    found = [problem for path in sorted(LETTERS_DIR.glob("*/*.yaml")) for problem in publication_problems(path, published)]
    check = _Checker()
    try:
        named = _compile_conditions(read_yaml(path_for(CONDITIONS)), check)
    except LetterDataError as error:
        return [*found, str(error)]
    found += [f"{CONDITIONS}: {problem}" for problem in check.problems]
    found += [f"{WORDING}: {problem}" for problem in _wording_problems(read_yaml(path_for(WORDING)))]
    for kind in KIND_ORDER:
        try:
            path = path_for(kind)
        except LetterDataError as error:
            found.append(str(error))
            continue
        found += _build(kind, path, read_yaml(path), named)[1]
    return found


def publish() -> dict:
    """The published.json content for the files present (run when a reviewed version is published)."""
    return {f"{path.parent.name}/{path.stem}": hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(LETTERS_DIR.glob("*/*.yaml"))}
