"""guidance_tags.law_citations: the citations block rendered once per content and language, the same as the include."""

from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from guidance import presentation

CITATIONS = [{"law": "pipl", "article": "第十条"}, {"law": "criminal_law", "article": "第二百九十三条之一"}]


def _views(language):
    return [presentation.citation_view(citation, language) for citation in CITATIONS]


def _tag(citations, note=None) -> str:
    template = engines["django"].from_string("{% load guidance_tags %}{% law_citations citations note %}")
    return template.render({"citations": citations, "note": note})


def test_it_renders_what_the_include_renders_in_each_language_with_and_without_a_note():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for note in (None, "只有法律工作者需要的说明"):
                expected = render_to_string("guidance/_citations.html", {"citations": _views(language), "legal_note": note})
                assert _tag(_views(language), note) == expected
                assert _tag(_views(language), note) == expected  # the second time from the cache


def test_a_cached_block_is_never_served_for_another_language_note_or_citation():
    with translation.override("zh-hans"):
        chinese = _tag(_views("zh-hans"))
        with_note = _tag(_views("zh-hans"), "说明")
        one = _tag(_views("zh-hans")[:1])
    with translation.override("en"):
        english = _tag(_views("en"))
    assert len({chinese, with_note, one, english}) == 4
    assert "Article" in english and "第十条" in chinese and "说明" in with_note and "第二百九十三条之一" not in one


def test_no_citations_render_nothing_visible():
    assert _tag([]).strip() == ""
