"""Small display helpers for the staff pages."""

import json

from django import template

from complaints.audit_actions import audit_action_label
from complaints.selectors.staff_clinic import display_name
from complaints.triage import priority_level, reason_text
from guidance import vocabulary

register = template.Library()

LEVEL_LABELS = {int(level.value): vocabulary.lazy_label(level) for level in vocabulary.PRIORITY_LEVELS}


register.filter("priority_level", priority_level)


@register.filter
def priority_label(score):
    return LEVEL_LABELS[priority_level(score)]


@register.filter
def triage_reason(code: str) -> str:
    """A case's stored triage reasons (Case.priority_reason) in the page's language."""
    return reason_text(code or "")


@register.filter
def person(user):
    return display_name(user) if user else ""


@register.filter
def audit_action(action: str):
    """Staff read the audit log in words (complaints.audit_actions); a name no longer registered shows as recorded."""
    return audit_action_label(action)


@register.filter
def json_value(value) -> str:
    """An audit value as readable JSON (Chinese kept as characters)."""
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
