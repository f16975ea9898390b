import pytest

from tests.browser.conftest import check_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium_on_a_phone(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    heading = phone_page.get_by_role("heading", level=1)
    assert "依法" in heading.inner_text()
    assert heading.is_visible()
    # Nothing sticks out sideways on a 360 px screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    call = phone_page.get_by_role("link", name="立即拨打 110")
    assert call.is_visible()
    box = call.bounding_box()
    assert box["height"] >= 44  # a tap target a thumb can hit
    check_screen(phone_page, "foundation-home-phone")
