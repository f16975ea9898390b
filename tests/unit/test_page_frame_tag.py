"""page_frame's once_per_language: the frame's constant parts rendered once per language, and nothing personal ever."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.utils import translation

FRAME = ('{% load i18n static page_frame %}{% once_per_language %}<a href="{% url \'home\' %}">{% translate "登录" %}</a>'
         '<link href="{% static \'css/zhirao.css\' %}">{% comment %}why{% endcomment %}{% endonce_per_language %}')


def _template(source):
    return engines["django"].from_string(source)


def test_it_renders_what_the_same_tags_render_without_it():
    plain = _template(FRAME.replace("{% once_per_language %}", "").replace("{% endonce_per_language %}", ""))
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert _template(FRAME).render({}) == plain.render({})


def test_each_language_gets_its_own_render_and_keeps_it():
    template = _template(FRAME)
    with translation.override("zh-hans"):
        chinese = template.render({})
    with translation.override("en"):
        english = template.render({})
    with translation.override("zh-hans"):
        assert template.render({}) == chinese  # from the block's store, not the English one
    assert "登录" in chinese and "登录" not in english and "Log in" in english


def test_the_block_is_rendered_once_per_language(monkeypatch):
    template = _template(FRAME)
    block = next(node for node in template.template.nodelist if type(node).__name__ == "OncePerLanguageNode")
    renders = []
    render = block.nodelist.render
    monkeypatch.setattr(block.nodelist, "render", lambda context: renders.append(context) or render(context))
    for _ in range(3):
        with translation.override("zh-hans"):
            template.render({"user": "someone"})
    assert len(renders) == 1
    assert "user" not in renders[0]  # rendered with an empty context, never the page's


@pytest.mark.parametrize("inside", [
    "{{ user.username }}",  # a variable
    "{% translate name %}",  # a translated variable
    '{% translate "登录"|upper %}',  # a filter
    '{% translate "登录" as label %}',  # a variable set for later
    '{% translate "登录" context "menu" %}',
    "{% url 'cases:detail' case.id %}",  # a URL with arguments
    "{% url view_name %}",
    "{% static path %}",
    "{% static 'css/zhirao.css' as sheet %}",
    "{% if user.is_authenticated %}x{% endif %}",  # any other tag
    "{% csrf_token %}",
    "{% blocktranslate %}你好{% endblocktranslate %}",
])
def test_anything_that_could_differ_between_visitors_is_refused_when_the_template_loads(inside):
    with pytest.raises(TemplateSyntaxError, match="once_per_language holds only"):
        _template("{% load i18n static page_frame %}{% once_per_language %}" + inside + "{% endonce_per_language %}")
