"""A step of the plan (a card of guidance.presentation.plan_sections) as HTML: the plan page's cards and one-line
steps, and the case plan's cards.

Built here rather than in a template because the plan page shows about seven of them on every view, and through the
template engine each cost about 100 µs of CPU: together a third of the page's budget (issue 16: at most 2.5 ms per guide
request); here a card costs about a quarter of that. The markup and every message are what the template had: the texts are
the same gettext messages, so their translations are unchanged. Values are escaped; a message with values in it is
filled in the way {% blocktranslate %} fills it (the message as the catalogue has it, each value escaped).
"""

from __future__ import annotations

import html

from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext, ngettext

from guidance.templatetags.guidance_tags import cn_date, law_citations

# What the page's csrf_token is where no request made it (Django's csrf context processor): no token to put in a form.
NO_CSRF_TOKEN = "NOTPROVIDED"  # noqa: S105 (Django's marker, not a secret)


def plan_card_html(card: dict, *, prepare: str = "", csrf_token: str = "") -> SafeString:
    """The card as the plan shows it; `prepare`: where its "prepare the letter" buttons post (the plan page's
    cases:create_from_guidance, with the page's `csrf_token`), or empty for no buttons."""
    parts = [_html('<li class="card plan-card plan-card--{}" id="action-{}" data-status="{}">\n  <h3>{}</h3>',
                   card["status"], card["id"], card["status"], card["title"])]
    if card["status"] == "waiting" and card["until"]:
        parts.append(_line("plan-card__when", _filled(ngettext("等待至 %(date)s（还剩 %(days)s 天）", "等待至 %(date)s（还剩 %(days)s 天）",
                                                                card["days_left"]),
                                                       date=cn_date(card["until"]), days=card["days_left"])))
    elif card["status"] == "later" and card["needs"]:
        parts.append(_line("plan-card__when", _filled(gettext("需要先完成：%(steps)s"), steps="、".join(card["needs"]))))
    if card["why"]:
        parts.append(_html("<p>{}</p>", card["why"]))
    parts.extend(_addressee(card["addressee"]))
    if card["targets"]:
        parts.append(_targets(card["targets"]))
    if card["negotiation_url"]:
        parts.append(_html('<p class="plan-card__negotiation"><a href="{}">{}</a></p>', card["negotiation_url"],
                           gettext("算一算你每月能承受多少还款")))
    if prepare and card["letter_kind"]:
        parts.extend(_prepare_forms(card, prepare, csrf_token))
    elif card["letter"]:
        parts.append(_letter(card))
    parts.append(law_citations(card["citations"], card["for_legal_workers"]))
    return _html("{}\n</li>", _joined(parts, "\n  "))


def plan_steps_html(steps: list[SafeString]) -> SafeString:
    """Steps made by plan_card_html or plan_line_html, one after another in their list."""
    return _joined(steps)


def plan_line_html(card: dict) -> SafeString:
    """A step the plan lists in one line, with why (its done and not-applicable steps)."""
    why = _html('<br><span class="plan-list__why">{}</span>', card["why"]) if card["why"] else ""
    return _html('<li id="action-{}" data-status="{}">{}{}</li>', card["id"], card["status"], card["title"], why)


def _escaped(value) -> str:
    """conditional_escape without its lazy-argument wrapper, which cost more than the escaping (a card escapes ~25
    values)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _joined(parts, separator: str = "") -> SafeString:
    """The parts one after another, each escaped unless it is markup already."""
    return SafeString(separator.join(map(_escaped, parts)))


def _html(markup: str, *values) -> SafeString:
    """format_html, as cheaply: `markup` with each value escaped in its {} place."""
    return SafeString(markup.format(*map(_escaped, values)))


def _filled(message: str, **values) -> SafeString:
    """A translated message with its %(name)s places filled with escaped values, as {% blocktranslate %} does."""
    return SafeString(message % {name: _escaped(value) for name, value in values.items()})


def _line(css_class: str, content) -> SafeString:
    return _html('<p class="{}">{}</p>', css_class, content)


def _call(hotline: str | None) -> SafeString:
    """' <a href="tel:…">电话 …</a>' after a name, or nothing."""
    if not hotline:
        return SafeString("")
    return _html(' <a href="tel:{}">{}</a>', hotline, _filled(gettext("电话 %(number)s"), number=hotline))


def _addressee(where: dict) -> list[SafeString]:
    if not where["name"]:
        return []
    lines = [_html('<p class="plan-card__where"><strong>{}</strong>{}{}</p>', gettext("向谁："), where["name"],
                   _call(where["hotline"]))]
    if where["channel"]:
        lines.append(_line("plan-card__channel", where["channel"]))
    if where["numbers"]:
        lines.append(_line("plan-card__numbers", _filled(gettext("涉及号码：%(numbers)s"), numbers="、".join(where["numbers"]))))
    if where["note"]:
        lines.append(_line("plan-card__note", where["note"]))
    for alternative in where["alternatives"]:
        lines.append(_html('<p class="plan-card__alternative">{}{}{}{}</p>', alternative["when"] or "",
                           "：" if alternative["when"] else "", alternative["name"], _call(alternative["hotline"])))
    return lines


def _targets(targets: list[dict]) -> SafeString:
    """Each carrier's own progress, where the step goes to every carrier of the collector's numbers separately."""
    items = []
    for target in targets:
        numbers = _html("（{}）", "、".join(target["numbers"])) if target["numbers"] else ""
        until = _filled(gettext("，等待至 %(date)s"), date=cn_date(target["until"])) if target["until"] else ""
        letter = (_html(' <a href="{}">{}</a>', target["letter_url"], _filled(gettext("给%(name)s的文书"), name=target["name"]))
                  if target["letter_url"] else "")
        items.append(_html("<li><strong>{}</strong>{}：{}{}{}</li>", target["name"], numbers, target["status"], until, letter))
    return _html('<ul class="plan-card__targets" aria-label="{}">{}</ul>', gettext("每家运营商各自的进度"), _joined(items))


def _prepare_forms(card: dict, prepare: str, csrf_token: str) -> list[SafeString]:
    """A button per letter to prepare now (per carrier still to write to, for a step split by carrier): it saves the
    case (signing up first if need be) and opens the letter's preview."""
    token = _html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token) if csrf_token else ""
    if not card["targets"]:
        return [_prepare_form(prepare, token, card["letter_kind"], "", _filled(gettext("准备%(letter)s"), letter=card["letter"]))]
    return [_prepare_form(prepare, token, card["letter_kind"], target["target"],
                          _filled(gettext("准备给%(name)s的%(letter)s"), name=target["name"], letter=card["letter"]))
            for target in card["targets"] if target["open"]]


def _prepare_form(prepare: str, token: str, kind: str, to: str, label: SafeString) -> SafeString:
    to_field = _html('<input type="hidden" name="to" value="{}">', to) if to else ""
    return _html('<form method="post" action="{}" class="plan-card__prepare">{}<input type="hidden" name="letter" '
                 'value="{}">{}<button type="submit" class="button button--block">{}</button></form>',
                 prepare, token, kind, to_field, label)


def _letter(card: dict) -> SafeString:
    if card["letter_url"]:
        name = _html('<a href="{}">{}</a>', card["letter_url"], card["letter"])
    else:
        name = _html('{}<span class="field__help">{}</span>', card["letter"],
                     gettext("保存案件后，止扰会用你的回答填好这份文书，生成可打印的 PDF。"))
    return _html('<p class="plan-card__letter"><strong>{}</strong>{}</p>', gettext("文书："), name)
