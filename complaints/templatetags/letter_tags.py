"""The reply form of a mailed letter, for pages that list several letters (one prefixed form each)."""

from django import template

from complaints.forms.letters import ReplyForm

register = template.Library()


@register.simple_tag
def reply_form(letter):
    return ReplyForm(letter=letter)
