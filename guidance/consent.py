"""Consent texts as reviewed data: guidance/consents/<purpose>/<version>.yaml, published like the ladder and letters.

The text a person agrees to is shown from here, and the version they agreed to is stored with what they gave,
so the exact words can be read again later. A published file is never edited in place: consents/published.json
records each file's sha256 and a change is a new version (the highest version of a purpose is the one in use).
Pure: no database and no request.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from guidance.ladder import publication_problems, read_published, read_yaml, version_key

CONSENTS_DIR = Path(__file__).resolve().parent / "consents"
_KEYS = {"version", "reviewed_by", "review_date", "text"}
LANGUAGES = ("zh", "en")


class ConsentDataError(ValueError):
    """A consent file is malformed; raised at load time so it never reaches anyone asked to agree to it."""


@dataclass(frozen=True)
class Consent:
    purpose: str
    version: str
    reviewed_by: str
    review_date: str
    zh: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh


def _file_problems(path: Path) -> list[str]:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        return [f"{path.name}: 应为映射"]
    problems = [f"{path.name}: 多余的键 {key}" for key in sorted(set(raw) - _KEYS)]
    problems += [f"{path.name}: 缺少 {key}" for key in sorted(_KEYS - set(raw))]
    if str(raw.get("version")) != path.stem:
        problems.append(f"{path.name}: version 应与文件名一致（{path.stem}）")
    text = raw.get("text")
    if not isinstance(text, dict) or set(text) != set(LANGUAGES) or not all(str(text[lang]).strip() for lang in LANGUAGES):
        problems.append(f"{path.name}: text 应有且只有非空的 zh 和 en")
    return problems


def check_all() -> list[str]:
    """Every consent file's problems, and any published version missing from published.json or edited in place."""
    published = read_published(CONSENTS_DIR)
    paths = sorted(CONSENTS_DIR.glob("*/*.yaml"))
    return [problem for path in paths for problem in (*publication_problems(path, published), *_file_problems(path))]


@functools.cache
def current(purpose: str) -> Consent:
    """The newest version of the consent for `purpose` (a folder of guidance/consents)."""
    path = max((CONSENTS_DIR / purpose).glob("*.yaml"), key=version_key)
    problems = _file_problems(path) + publication_problems(path, read_published(CONSENTS_DIR))
    if problems:
        raise ConsentDataError("; ".join(problems))
    raw = read_yaml(path)
    return Consent(purpose=purpose, version=str(raw["version"]), reviewed_by=str(raw["reviewed_by"]),
                   review_date=str(raw["review_date"]), zh=str(raw["text"]["zh"]), en=str(raw["text"]["en"]))


def publish() -> dict:
    """The published.json content for the consent files present (run when a reviewed version is published)."""
    return {f"{path.parent.name}/{path.stem}": hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(CONSENTS_DIR.glob("*/*.yaml"))}
