"""The plan's steps as HTML (guidance.plan_card), a whole list of them per tag: one template node per list instead of
a loop's nodes per step."""

from django import template

from guidance.plan_card import NO_CSRF_TOKEN, plan_card_html, plan_line_html, plan_steps_html

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_cards(context, cards, prepare=""):
    """{% plan_cards cards prepare=url %}: the cards, their "prepare" buttons posting to `prepare` with the page's CSRF
    token (no buttons without it)."""
    token = str(context.get("csrf_token") or "") if prepare else ""
    return plan_steps_html([plan_card_html(card, prepare=prepare, csrf_token="" if token == NO_CSRF_TOKEN else token)
                            for card in cards])


@register.simple_tag
def plan_lines(cards):
    """{% plan_lines cards %}: steps done or not applicable, one line each."""
    return plan_steps_html([plan_line_html(card) for card in cards])
