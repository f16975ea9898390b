"""Small display helpers for the staff pages."""

import json

from django import template
from django.utils.translation import gettext_lazy as _

from complaints.selectors.staff import display_name
from guidance import vocabulary

register = template.Library()

LEVEL_LABELS = {int(level.value): vocabulary.lazy_label(level) for level in vocabulary.PRIORITY_LEVELS}

AUDIT_ACTION_LABELS = {
    "case.priority_refresh": _("优先级重新计算"),
    "case.note_add": _("添加备注"),
    "case.assign": _("分配负责人"),
    "case.status_change": _("更改状态"),
    "case.claim_code_issue": _("生成认领码"),
    "case.walk_in_open": _("为来访者建案"),
    "case.claim": _("求助人认领案件"),
    "case.create": _("建立案件"),
    "case.section_update": _("修改案件信息"),
    "case.share": _("分享给法律援助机构"),
    "case.share_withdraw": _("撤回分享"),
    "case.share_joint_consent": _("同意纳入联合投诉"),
    "case.share_joint_consent_withdraw": _("撤回纳入联合投诉的同意"),
    "case.staff_view": _("工作人员查看案件"),
    "case.log_summary_applied": _("根据骚扰记录更新案件信息"),
    "letter.generate": _("生成文书"),
    "letter.mailing": _("登记邮寄"),
    "letter.reply": _("登记答复"),
    "letter.staff_view": _("工作人员查看文书"),
    "log.staff_view": _("工作人员查看骚扰记录"),
}


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
    """Staff read the audit log in words; actions other areas record (evidence downloads, letters) show as recorded."""
    return AUDIT_ACTION_LABELS.get(action, action)


@register.filter
def json_value(value) -> str:
    """An audit value as readable JSON (Chinese kept as characters)."""
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
