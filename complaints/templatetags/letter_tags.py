"""Letter helpers for templates: the reply form of a mailed letter (one prefixed form each), and dates as letters write them."""

from django import template

from complaints.forms.letters import ReplyForm
from guidance import clock

register = template.Library()


@register.simple_tag
def reply_form(letter):
    return ReplyForm(letter=letter)


@register.filter
def chinese_date(day) -> str:
    """A date as a Chinese letter writes it whatever the page's language (letters are Chinese): 2026年3月4日."""
    return clock.chinese_date(day) if day else ""
