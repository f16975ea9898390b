"""`{% once_per_language %}`: a piece of the page frame that is the same for every visitor, rendered once per language.

The frame around every page (base.html: the head's links, the help strip's 110 line, the brand, the footer) is a
dozen translated strings, static file and URL lookups: about a sixth of a full page's CPU, spent again on every
page though it differs only by language. Inside this block those are rendered once per language per process and
then reused.

A shared render must never carry one person's data to another, so that cannot depend on care:
- the block accepts only text, `{% translate "constant" %}`, `{% static "constant" %}` and `{% url "name" %}`
  without arguments; anything else (a variable, a filter, another tag) is a template syntax error when the template
  is loaded, so a change that moves a personal line inside it fails every page's test at once;
- and it is rendered with an empty context, not the page's: no request, no user, no case to read even if a node
  slipped past the check.
"""

from django import template
from django.template.base import FilterExpression, Node, TextNode, Variable
from django.template.context import Context
from django.template.defaulttags import CommentNode, LoadNode, URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.utils.translation import get_language

register = template.Library()


def _constant(expression: FilterExpression) -> bool:
    """A quoted literal without filters (a FilterExpression keeps a literal as the string or as a Variable with no
    lookups, as the translate tag needs it)."""
    literal = isinstance(expression.var, str) or (isinstance(expression.var, Variable) and expression.var.lookups is None)
    return literal and not expression.filters


def _same_for_everyone(node: Node) -> bool:
    if isinstance(node, (TextNode, CommentNode, LoadNode)):
        return True
    if isinstance(node, TranslateNode):
        return node.asvar is None and node.message_context is None and _constant(node.filter_expression)
    if isinstance(node, StaticNode):
        return node.varname is None and _constant(node.path)
    if isinstance(node, URLNode):
        return node.asvar is None and not node.args and not node.kwargs and _constant(node.view_name)
    return False


class OncePerLanguageNode(Node):
    child_nodelists = ()  # nothing inside can be a block: {% extends %} need not search it on every render

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[str, str] = {}

    def render(self, context):
        language = get_language()
        html = self.rendered.get(language)
        if html is None:
            html = self.rendered[language] = self.nodelist.render(Context(autoescape=context.autoescape))
        return html


@register.tag
def once_per_language(parser, token):
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    for node in nodelist:
        if not _same_for_everyone(node):
            raise template.TemplateSyntaxError(
                f"once_per_language holds only text and constant translate, static and url tags, not {node.token.contents!r}"
                if getattr(node, "token", None) else "once_per_language holds only text and constant tags")
    return OncePerLanguageNode(nodelist)
