"""The pages that belong to no case, in a real browser: accessible, valid, light, readable when zoomed."""

import pytest
from django.test import RequestFactory

from complaints.views.pages import server_error
from tests.browser.conftest import DESK, PHONE, check_screen
from tests.factories import ClinicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_home_on_a_phone_and_a_desk(live_server, browse):
    phone = browse(viewport=PHONE)
    phone.goto(live_server.url + "/")
    check_screen(phone, "home-phone")
    assert _no_sideways_scrolling(phone)
    desk = browse(viewport=DESK)
    desk.goto(live_server.url + "/")
    check_screen(desk, "home-desk")
    assert _no_sideways_scrolling(desk)


def test_home_stays_readable_at_200_percent_zoom(live_server, browse):
    # A 360 px phone zoomed to 200 % lays the page out in 180 CSS pixels (WCAG 1.4.4 and 1.4.10).
    page = browse(viewport={"width": 180, "height": 370})
    page.goto(live_server.url + "/")
    check_screen(page, "home-zoom-200")
    assert _no_sideways_scrolling(page)
    assert page.get_by_role("link", name="立即拨打 110").is_visible()


def test_first_page_is_under_100_kb_and_uses_no_web_fonts(live_server, browse):
    page = browse()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(live_server.url + "/", wait_until="networkidle")
    check_screen(page)
    transferred = sum(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"] for request in responses)
    assert transferred < 100 * 1024, f"home page transferred {transferred} bytes"
    assert not [request.url for request in responses if request.resource_type == "font"]


def test_not_found_page_in_chinese_with_help(live_server, phone_page):
    response = phone_page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert phone_page.get_by_role("heading", level=1).inner_text() == "找不到这个页面"
    assert phone_page.get_by_role("link", name="立即拨打 110").is_visible()
    check_screen(phone_page, "error-404-phone")


def test_expired_form_page_in_chinese_with_help(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    phone_page.context.clear_cookies()  # the CSRF cookie is gone, as after a long wait
    phone_page.get_by_role("button", name="English").click()
    assert "页面已过期" in phone_page.get_by_role("heading", level=1).inner_text()
    assert phone_page.get_by_role("link", name="立即拨打 110").is_visible()
    check_screen(phone_page, "error-csrf-phone")


def test_server_error_page_in_chinese_with_help(live_server, phone_page):
    html = server_error(RequestFactory().get("/")).content.decode()
    url = live_server.url + "/broken/"
    phone_page.route(url, lambda route: route.fulfill(status=500, content_type="text/html; charset=utf-8", body=html))
    phone_page.goto(url)
    assert "出错了" in phone_page.get_by_role("heading", level=1).inner_text()
    assert phone_page.get_by_role("link", name="立即拨打 110").is_visible()
    check_screen(phone_page, "error-500-phone")


def test_clinics_page_on_a_phone_is_reached_from_the_help_strip(live_server, phone_page):
    ClinicFactory(name="星光法律援助工作站", phone="020-12345678", address="广州市天河区体育西路1号", hours="周一至周五 9:00–17:00")
    phone_page.goto(live_server.url + "/")
    phone_page.get_by_role("link", name="找法律援助").click()
    assert phone_page.get_by_role("heading", level=1).inner_text() == "法律援助机构"
    assert phone_page.get_by_role("link", name="020-12345678").get_attribute("href") == "tel:020-12345678"
    assert _no_sideways_scrolling(phone_page)
    check_screen(phone_page, "clinics-phone")
