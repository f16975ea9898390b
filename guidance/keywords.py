"""The reviewed keyword list that flags messages read from screenshots (guidance/keywords/content/<version>.yaml).

Loaded and checked like the ladder: unknown keys are errors, categories must be facts.md's `harassment.content`
values, and a published version is registered by its sha256 in guidance/keywords/published.json and never edited
in place. Pure: no database, no request.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from guidance.ladder import publication_problems, read_published, read_yaml
from guidance.schema import CONTENTS

KEYWORDS_DIR = Path(__file__).resolve().parent / "keywords"
CURRENT = ("content", "2026-12")

_TOP_KEYS = {"keywords", "categories", "verification_code"}
_META_KEYS = {"id", "version", "authors", "reviewed_by", "review_date"}
_CODE_KEYS = {"ports", "words", "code_digits"}
_SPACES = re.compile(r"\s+")


class KeywordsError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def fold(text: str) -> str:
    """Text as the list compares it: NFKC (full-width as half-width), lower case, no spaces (OCR drops or adds them)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).lower()


@dataclass(frozen=True)
class Keywords:
    id: str
    version: str
    # category -> entries; an entry is the words that must all appear (one word for a plain keyword).
    categories: dict[str, tuple[tuple[str, ...], ...]]
    code_ports: tuple[str, ...]
    code_words: tuple[str, ...]
    code_digits: tuple[int, int]

    def flags(self, text: str) -> list[str]:
        """The content categories whose words the text holds, in facts.md's order."""
        folded = fold(text)
        return [category for category in CONTENTS
                if any(all(word in folded for word in entry) for entry in self.categories.get(category, ()))]

    def matches(self, text: str) -> dict[str, list[str]]:
        """Which entries flagged each category (for showing the borrower why a flag was proposed)."""
        folded = fold(text)
        found = {}
        for category in CONTENTS:
            hits = ["+".join(entry) for entry in self.categories.get(category, ()) if all(word in folded for word in entry)]
            if hits:
                found[category] = hits
        return found

    def is_verification_code(self, text: str, sender_digits: str) -> bool:
        """A code message from an SMS port: a port prefix, a code word and a run of 4-8 digits (the code)."""
        if not sender_digits.startswith(self.code_ports):
            return False
        folded = fold(text)
        if not any(word in folded for word in self.code_words):
            return False
        low, high = self.code_digits
        return re.search(rf"(?<!\d)\d{{{low},{high}}}(?!\d)", folded) is not None


def _words(value, where: str, problems: list[str]) -> tuple[str, ...] | None:
    words = value if isinstance(value, list) else [value]
    if not words or not all(isinstance(word, str) and fold(word) for word in words):
        problems.append(f"{where}: 关键词必须是非空文字，或由非空文字组成的列表")
        return None
    return tuple(fold(word) for word in words)


def _keys_checked(mapping: dict, allowed: set[str], where: str, problems: list[str]) -> None:
    """Every key of `allowed` present, and no other (the file's shape is reviewed; a stray key is a typo)."""
    problems += [f"{where}: 未知的键 {key}" for key in sorted(set(mapping) - allowed)]
    problems += [f"{where}: 缺少 {key}" for key in sorted(allowed - set(mapping))]


def _section(raw: dict, key: str, allowed: set[str], source: str, problems: list[str]) -> dict:
    """The mapping under `key`, its keys checked; an empty one (and a problem) when it is not a mapping."""
    where = f"{source}.{key}"
    section = raw.get(key) or {}
    if not isinstance(section, dict):
        problems.append(f"{where}: 必须是映射")
        section = {}
    _keys_checked(section, allowed, where, problems)
    return section


def _build(raw, source: str) -> tuple[Keywords | None, list[str]]:
    problems: list[str] = []
    if not isinstance(raw, dict):
        return None, [f"{source}: 顶层必须是映射"]
    _keys_checked(raw, _TOP_KEYS, source, problems)
    meta = _section(raw, "keywords", _META_KEYS, source, problems)
    categories: dict[str, tuple[tuple[str, ...], ...]] = {}
    raw_categories = raw.get("categories") or {}
    if not isinstance(raw_categories, dict):
        raw_categories = {}
        problems.append(f"{source}.categories: 必须是映射")
    for category, entries in raw_categories.items():
        where = f"{source}.categories.{category}"
        if category not in CONTENTS:
            problems.append(f"{where}: 不是 facts.md harassment.content 的取值（{', '.join(CONTENTS)}）")
            continue
        if not isinstance(entries, list) or not entries:
            problems.append(f"{where}: 必须是非空列表")
            continue
        built = [_words(entry, f"{where}[{index}]", problems) for index, entry in enumerate(entries)]
        built = [entry for entry in built if entry]
        seen = set()
        for entry in built:
            if frozenset(entry) in seen:
                problems.append(f"{where}: 重复的关键词 {'+'.join(entry)}")
            seen.add(frozenset(entry))
        categories[category] = tuple(built)
    code = _section(raw, "verification_code", _CODE_KEYS, source, problems)
    ports = code.get("ports") or []
    if not ports or not all(isinstance(port, str) and port.isdigit() for port in ports):
        problems.append(f"{source}.verification_code.ports: 必须是数字组成的号码前缀列表")
    code_words = [_words(word, f"{source}.verification_code.words", problems) for word in code.get("words") or []]
    if not code_words:
        problems.append(f"{source}.verification_code.words: 不能为空")
    digits = code.get("code_digits")
    if not (isinstance(digits, list) and len(digits) == 2 and all(isinstance(n, int) for n in digits) and 0 < digits[0] <= digits[1]):
        problems.append(f"{source}.verification_code.code_digits: 必须是 [最少位数, 最多位数]")
        digits = [0, 0]
    if problems:
        return None, problems
    return Keywords(
        id=str(meta["id"]), version=str(meta["version"]), categories=categories,
        code_ports=tuple(ports), code_words=tuple(word[0] for word in code_words if word),
        code_digits=(digits[0], digits[1]),
    ), []


def path_for(list_id: str, version: str) -> Path:
    return KEYWORDS_DIR / list_id / f"{version}.yaml"


def parse(text: str, source: str = "keywords") -> Keywords:
    """A keyword list from YAML text, checked; raises KeywordsError listing every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KeywordsError([f"{source}: 无法读取：{error}"]) from None
    built, problems = _build(raw, source)
    if problems:
        raise KeywordsError(problems)
    return built


def problems(path: Path) -> list[str]:
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as error:
        return [f"{path.name}: 无法读取：{error}"]
    found = _build(raw, path.name)[1]
    meta = raw.get("keywords") if isinstance(raw, dict) else None
    if isinstance(meta, dict) and (meta.get("id"), str(meta.get("version"))) != (path.parent.name, path.stem):
        found.append(f"{path.name}: keywords.id/version 与文件位置 {path.parent.name}/{path.stem} 不符")
    return found


def check_all() -> list[str]:
    """Every list's problems, and any published version edited in place (guidance/keywords/published.json)."""
    published = read_published(KEYWORDS_DIR)
    found = []
    for path in sorted(KEYWORDS_DIR.glob("*/*.yaml")):
        key = f"{path.parent.name}/{path.stem}"
        found += publication_problems(path, published)
        found += [f"{key}: {problem}" for problem in problems(path)]
    return found


@functools.cache
def load(list_id: str = CURRENT[0], version: str = CURRENT[1]) -> Keywords:
    """The current keyword list, checked; raises KeywordsError listing every problem."""
    path = path_for(list_id, version)
    found = problems(path)
    if found:
        raise KeywordsError(found)
    return _build(read_yaml(path), path.name)[0]


KEYWORDS_DOC = Path(__file__).resolve().parent.parent / "docs" / "guidance-keywords.md"


def keywords_markdown() -> str:
    """The current list as a lawyer reviews it (docs/guidance-keywords.md, written by `manage.py guidance_export`)."""
    from guidance import vocabulary  # its labels are read only for this page

    loaded = load()
    lines = [
        f"# 截图识别关键词 {loaded.id}/{loaded.version}",
        "",
        f"由 `python manage.py guidance_export` 从 `guidance/keywords/{loaded.id}/{loaded.version}.yaml` 生成，请勿手改。",
        "消息含某一行的全部词语（比较时全角转半角、不分大小写、忽略空格）时，提议勾选该类内容；借款人确认前可以取消。",
        "",
    ]
    for category in CONTENTS:
        entries = loaded.categories.get(category)
        if not entries:
            continue
        term = vocabulary.term("CONTENTS", category)
        lines += [f"## {term.zh}（`{category}`）", ""]
        lines += [f"- {' + '.join(entry)}" for entry in entries]
        lines.append("")
    low, high = loaded.code_digits
    lines += [
        "## 验证码短信（记为“验证码轰炸”）",
        "",
        f"发信号码以 {'、'.join(loaded.code_ports)} 开头，含以下任一词语，并含 {low} 到 {high} 位数字：",
        "",
        *[f"- {word}" for word in loaded.code_words],
        "",
    ]
    return "\n".join(lines)
