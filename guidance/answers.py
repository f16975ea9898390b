"""Turning one screen's posted form into a stored answer, with messages people can act on.

An answer is what the session keeps per node id: {"choice": v} (single), {"choices": [v, …]} (multi),
{"values": {input id: cleaned value}} (input), {"seen": True} (notice). Values are cleaned here the way the
case-file schema wants them (ISO dates, whole numbers, phone numbers as E.164 or digits).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance import clock
from guidance.phones import parse_number_list
from guidance.tree import Node

_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
)


def _clean_date(raw: str, today: dt.date) -> str:
    text = raw.strip().replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            break
    else:
        raise ValueError(_("请按“年-月-日”填写日期，例如 2026-03-02。"))
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(_("这个日期不存在，请检查月份和日子。")) from None
    if day > today:
        raise ValueError(_("这个日期还没到，请填已经发生的日期。"))
    if day.year < 1990:
        raise ValueError(_("这个日期太早了，请检查年份。"))
    return day.isoformat()


def _clean_integer(raw: str, rules: dict) -> int:
    text = raw.strip().replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+", text):
        raise ValueError(_("请填一个整数，例如 30。"))
    number = int(text)
    low, high = rules.get("min", 0), rules.get("max", 10**9)
    if not low <= number <= high:
        raise ValueError(_("请填 %(low)s 到 %(high)s 之间的数字。") % {"low": low, "high": high})
    return number


def _clean_phone_list(raw: str, rules: dict) -> list[str]:
    numbers, wrong = parse_number_list(raw)
    if wrong:
        raise ValueError(_("这些不像电话号码：%(numbers)s。请只填数字，每行一个号码。") % {"numbers": "、".join(piece for _position, piece in wrong)})
    if len(numbers) > rules.get("max_items", 50):
        raise ValueError(_("最多填 %(count)s 个号码。") % {"count": rules.get("max_items", 50)})
    return numbers


def _clean_text(raw: str, rules: dict) -> str:
    text = " ".join(raw.split())
    limit = rules.get("max_length", 500)
    if len(text) > limit:
        raise ValueError(_("太长了：最多 %(count)s 个字。") % {"count": limit})
    return text


def clean_input(item, raw: str, today: dt.date):
    """The cleaned value of one free input, "" when left empty; ValueError with a message when it is wrong."""
    if not raw.strip():
        if item.required:
            raise ValueError(_("请填写这一项。"))
        return ""
    if item.type == "date":
        return _clean_date(raw, today)
    if item.type == "integer":
        return _clean_integer(raw, item.rules)
    if item.type == "phone_list":
        return _clean_phone_list(raw, item.rules)
    return _clean_text(raw, item.rules)


def display_input(item, value) -> str:
    """A stored input value as the borrower typed it back into the form."""
    if isinstance(value, list):
        return "\n".join(value)
    return "" if value is None else str(value)


def clean_answer(node: Node, data, *, today: dt.date | None = None) -> tuple[dict | None, dict[str, str]]:
    """(answer, {}) when the posted data answers the node, else (None, {input id or "choice": message})."""
    today = today or clock.today()
    if node.kind == "notice":
        return {"seen": True}, {}
    if node.kind == "single":
        value = data.get("choice", "")
        if node.choice(value) is None:
            return None, {"choice": _("请选择一项。")}
        return {"choice": value}, {}
    if node.kind == "multi":
        chosen = [value for value in data.getlist("choice") if node.choice(value)]
        chosen = list(dict.fromkeys(chosen))
        if not chosen:
            return None, {"choice": _("请至少选择一项。")}
        exclusive = [value for value in chosen if node.choice(value).exclusive]
        if exclusive and len(chosen) > 1:
            label = node.choice(exclusive[0]).label.get(get_language() or "zh-hans")
            return None, {"choice": _("“%(label)s”不能和其他选项同时选。") % {"label": label}}
        return {"choices": chosen}, {}
    values, errors = {}, {}
    for item in node.inputs:
        raw = data.get(item.id, "")
        try:
            values[item.id] = clean_input(item, raw, today)
        except ValueError as error:
            errors[item.id] = str(error)
    return (None, errors) if errors else ({"values": values}, {})
