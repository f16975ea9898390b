"""The law texts of ../shared/law (settings.LAW_DIR), read once, and the checks every citation and quote must pass.

Only a file's `articles` holds complete, verified-as-captured article text. An article found only in
`partial_articles` or `secondary_quotes` is never cited; any article of a file whose source is secondary may be
cited, but the reader must be told the text is not verified: `is_secondary` and the "secondary" problems say so.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


class LawReferenceError(LookupError):
    """A citation names a law file or an article label that ../shared/law does not have."""


@dataclass(frozen=True)
class LawProblem:
    """One thing wrong (or to be flagged) about a citation or a quote.

    kind: "unknown_law", "unknown_article", "partial_article" (the file holds only part of it, so it cannot be
    cited), "quote_mismatch" are errors; "secondary" is a warning that the text comes from a secondary source
    and must be shown as such.
    """

    law: str
    article: str
    kind: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.kind != "secondary"

    def __str__(self) -> str:
        return f"{self.law} {self.article}: {self.message}"


@functools.cache
def _library() -> dict[str, dict]:
    law_dir = Path(settings.LAW_DIR)
    files = sorted(law_dir.glob("*.json"))
    if not files:
        raise LawReferenceError(f"没有找到法律文本：{law_dir} 中没有 .json 文件")
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in files}


def reload() -> None:
    """Forget the cached texts (tests that point LAW_DIR elsewhere call this)."""
    _library.cache_clear()


def law_stems() -> list[str]:
    return list(_library())


def _law(stem: str) -> dict:
    try:
        return _library()[stem]
    except KeyError:
        raise LawReferenceError(f"法律文件不存在：{stem}（可用：{'、'.join(law_stems())}）") from None


def law_title(stem: str) -> str:
    return _law(stem)["title"]


def is_secondary(stem: str) -> bool:
    """True when the file's article texts come from a secondary source (a reprint, not the official text)."""
    law = _law(stem)
    return str(law.get("text_reliability", "")).upper().startswith("SECONDARY")


def is_superseded(stem: str) -> bool:
    return str(_law(stem).get("version_status", "")).upper().startswith("SUPERSEDED")


def _partial_text(law: dict, label: str) -> str | None:
    """Text of an article the file holds only partially or as a secondary quote, else None."""
    for key in ("partial_articles", "secondary_quotes"):
        entry = law.get(key, {}).get(label)
        if entry is None:
            continue
        return entry["text"] if isinstance(entry, dict) else str(entry)
    return None


def has_article(stem: str, label: str) -> bool:
    return label in _law(stem)["articles"]


def article_text(stem: str, label: str) -> str:
    """The complete text of one article; raises LawReferenceError for an unknown file or label,
    and for an article the file holds only partially (use `article_excerpt` for those)."""
    law = _law(stem)
    text = law["articles"].get(label)
    if text is not None:
        return text
    if _partial_text(law, label) is not None:
        raise LawReferenceError(f"{law['title']}{label}只有部分文本（二手来源），没有完整条文")
    raise LawReferenceError(f"{law['title']}没有{label}（已收录：{'、'.join(law['articles'])}）")


def article_excerpt(stem: str, label: str) -> tuple[str, bool]:
    """(text, complete): the full article when the file has it, else its partial or secondary text."""
    law = _law(stem)
    text = law["articles"].get(label)
    if text is not None:
        return text, True
    partial = _partial_text(law, label)
    if partial is not None:
        return partial, False
    raise LawReferenceError(f"{law['title']}没有{label}（已收录：{'、'.join(law['articles'])}）")


def citation_problems(citations) -> list[LawProblem]:
    """Check [{"law": stem, "article": label}, …] against the law files.

    An article absent from the file, or present only in `partial_articles`/`secondary_quotes`, is an error;
    an article of a file whose source is secondary gets a "secondary" warning.
    """
    problems: list[LawProblem] = []
    for citation in citations:
        stem, label = citation.get("law", ""), citation.get("article", "")
        law = _library().get(stem)
        if law is None:
            problems.append(LawProblem(stem, label, "unknown_law", f"法律文件不存在：{stem}"))
            continue
        if label in law["articles"]:
            if is_secondary(stem):
                problems.append(LawProblem(stem, label, "secondary", f"《{law['title']}》的条文来自二手来源，未经官方文本核对"))
            continue
        if _partial_text(law, label) is not None:
            problems.append(LawProblem(stem, label, "partial_article", f"《{law['title']}》{label}只有部分或二手文本，不能引用"))
            continue
        problems.append(LawProblem(stem, label, "unknown_article", f"《{law['title']}》中没有{label}"))
    return problems


def quote_problems(stem: str, label: str, quoted_text: str) -> list[LawProblem]:
    """Check that `quoted_text` appears verbatim (no normalisation at all) in the article's text."""
    problems = citation_problems([{"law": stem, "article": label}])
    if any(problem.is_error for problem in problems):
        return problems
    law = _law(stem)
    source = law["articles"].get(label)
    if source is None:
        source = _partial_text(law, label) or ""
    if not quoted_text or quoted_text not in source:
        problems.append(LawProblem(stem, label, "quote_mismatch", f"引文与《{law['title']}》{label}的原文不一致：“{quoted_text}”"))
    return problems
