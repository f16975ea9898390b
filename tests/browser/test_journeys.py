"""Whole journeys as people make them, on the screens they use; every page is checked on the way
(axe, the Nu HTML checker, the CSP: see conftest.py) and key screens saved to test-artifacts/screenshots/."""

import pytest

from tests.browser.conftest import PHONE, check_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_switching_to_english_and_back(live_server, browse, javascript):
    page = browse(viewport=PHONE, javascript=javascript)
    suffix = "" if javascript else "-nojs"
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Call 110 now").is_visible()
    assert "Stop debt-collection harassment" in page.locator(".site-header__brand").inner_text()
    check_screen(page, f"journey5-english-home-phone{suffix}")
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_role("link", name="立即拨打 110").is_visible()
    check_screen(page, f"journey5-chinese-again-phone{suffix}")
