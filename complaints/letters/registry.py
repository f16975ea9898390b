"""The letter kinds: reviewed data in templates/letters/<kind>.yaml (texts, citations, required fields), loaded once."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from guidance import law

KIND_ORDER = (
    "collector_cease", "lender_complaint", "pipl_request", "repayment_proposal", "carrier_complaint",
    "report_12321", "miit_appeal", "regulator_complaint", "police_report", "civil_complaint", "consumer_association_complaint",
)
_KEYS = {
    "kind", "title", "action", "template_version", "reviewed_by", "review_date", "addressee", "postal", "copy_to",
    "required", "required_when", "inputs", "reply", "demands", "citations", "attachments", "intro", "closing",
}
_ITEM_KEYS = {
    "demands": ({"text"}, {"when", "unless"}),
    "citations": ({"law", "article"}, {"when", "unless"}),
    "reply": (set(), {"days", "ladder", "when", "unless"}),
    "attachments": ({"text"}, {"when", "unless"}),
}


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
    demands: tuple
    citations: tuple
    attachments: tuple
    intro: str
    closing: str
    copy_to: str = ""
    required_when: dict = field(default_factory=dict)
    inputs: tuple = ()
    reply: tuple = ()

    @property
    def template_name(self) -> str:
        return f"letters/{self.kind}.html"

    def input(self, name: str) -> InputSpec | None:
        return next((spec for spec in self.inputs if spec.name == name), None)


def letters_dir() -> Path:
    return Path(settings.BASE_DIR) / "templates" / "letters"


def _load(kind: str) -> LetterKind:
    path = letters_dir() / f"{kind}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(data) - _KEYS
    if unknown:
        raise LetterDataError(f"{path.name}: unknown keys {sorted(unknown)}")
    if data.get("kind") != kind:
        raise LetterDataError(f"{path.name}: kind must be {kind}")
    if data.get("postal") not in ("required", "optional", "none"):
        raise LetterDataError(f"{path.name}: postal must be required, optional or none")
    for section, (needed, optional) in _ITEM_KEYS.items():
        for index, item in enumerate(data.get(section) or []):
            if section == "attachments" and isinstance(item, str):
                continue
            if not isinstance(item, dict) or not needed <= set(item) or set(item) - needed - optional:
                raise LetterDataError(f"{path.name}: {section}[{index}] must have {sorted(needed)} and only {sorted(needed | optional)}")
    for index, item in enumerate(data.get("citations") or []):
        # Only an article the law file holds in full may be cited (never one of its partial_articles).
        if not law.has_article(item["law"], item["article"]):
            raise LetterDataError(f"{path.name}: citations[{index}] {item['law']} {item['article']} is not a complete article in ../shared/law")
    inputs = tuple(InputSpec(**{key: str(value) if key == "default" else value for key, value in item.items()})
                   for item in data.pop("inputs", []) or [])
    return LetterKind(
        inputs=inputs,
        required=tuple(data.pop("required")),
        demands=tuple(data.pop("demands")),
        citations=tuple(data.pop("citations")),
        attachments=tuple(data.pop("attachments", []) or []),
        reply=tuple(data.pop("reply", []) or []),
        **data,
    )


@cache
def all_kinds() -> dict[str, LetterKind]:
    return {kind: _load(kind) for kind in KIND_ORDER}


def get_kind(kind: str) -> LetterKind:
    kinds = all_kinds()
    if kind not in kinds:
        raise KeyError(kind)
    return kinds[kind]
