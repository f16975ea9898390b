"""The checkers themselves: each must catch a real fault, or a green run would mean nothing."""

import pytest

from tests.browser.conftest import check_screen
from tests.browser.quality import assert_accessible, assert_valid_html, axe_violations, validate_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALID = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>好</title></head><body><p>你好</p></body></html>'


def test_the_html_checker_passes_a_valid_page_and_names_the_error_in_a_broken_one():
    assert_valid_html(VALID)
    broken = VALID.replace("<p>你好</p>", '<p><div data-hx-get="/x">你好</p><input type="text" aria-describedby>')
    errors = validate_html({"valid": VALID, "broken": broken})
    assert list(errors) == ["broken"]
    messages = " ".join(message["message"] for message in errors["broken"])
    assert "“p” end tag" in messages
    with pytest.raises(AssertionError, match="HTML errors"):
        assert_valid_html(broken, name="broken")


def test_axe_finds_an_unlabelled_input_and_poor_contrast(live_server, chromium):
    bad = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>坏</title></head><body><main>'
           '<input type="text"><p style="color:#aaa;background:#fff">看不清的字</p></main></body></html>')
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.route(f"{live_server.url}/fault", lambda route: route.fulfill(status=200, content_type="text/html", body=bad))
        page.goto(f"{live_server.url}/fault")
        found = {violation["id"]: violation["impact"] for violation in axe_violations(page)}
        assert found["label"] == "critical"
        assert found["color-contrast"] == "serious"
        with pytest.raises(AssertionError, match=r"\[critical\] label: .*\n.*input"):
            assert_accessible(page)
    finally:
        context.close()


def test_check_screen_refuses_a_page_it_does_not_watch(chromium):
    context = chromium.new_context()
    try:
        with pytest.raises(AssertionError, match="browse"):
            check_screen(context.new_page())
    finally:
        context.close()
