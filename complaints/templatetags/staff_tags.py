"""Small display helpers for the staff pages."""

import json

from django import template
from django.utils.translation import gettext_lazy as _

from complaints.audit_actions import audit_action_label
from complaints.selectors.staff_clinic import display_name

register = template.Library()

LEVEL_LABELS = {4: _("紧急"), 3: _("高"), 2: _("中"), 1: _("一般"), 0: _("低")}


@register.filter
def priority_level(score) -> int:
    return min(4, max(0, int(score or 0) // 100))


@register.filter
def priority_label(score):
    return LEVEL_LABELS[priority_level(score)]


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
