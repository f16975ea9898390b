import functools

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from guidance import vocabulary
from guidance.flow import chinese_date

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """A date as people write it in the UI language: 2026年4月4日, or 4 April 2026 in English."""
    if not value:
        return ""
    return chinese_date(value.isoformat() if hasattr(value, "isoformat") else str(value), get_language() or "zh-hans")


@register.filter
def term(value, list_name: str) -> str:
    """A case-file value in words in the UI language: {{ target|term:"TARGETS" }} (guidance.vocabulary)."""
    return vocabulary.label(list_name, value)


@register.filter
def secondary_only(citations) -> list:
    """The citations whose text comes from a secondary source: named for legal workers, not for the borrower."""
    return [citation for citation in citations or () if citation.get("secondary")]


@register.simple_tag
def law_citations(citations, legal_note=None):
    """The citations block (guidance/_citations.html: each law's title and article, its text one tap away, the legal
    workers' fold). Rendered once per distinct citations, note and language, then reused: the block is a function of
    those alone (reviewed law texts, often long), and every guide page shows several."""
    key = (get_language(), legal_note or "", tuple(tuple(sorted(citation.items())) for citation in citations or ()))
    return _citations_block(key)


@functools.lru_cache(maxsize=1024)  # a few hundred distinct blocks in the reviewed data, times two languages
def _citations_block(key) -> str:
    _language, legal_note, citations = key
    return render_to_string("guidance/_citations.html", {"citations": [dict(items) for items in citations], "legal_note": legal_note})
