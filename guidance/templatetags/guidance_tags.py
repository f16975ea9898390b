from django import template
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
