"""A borrower on a 360 px phone: sign up, keep the recovery code, start a case, fix a mistake in a form."""

import re

import pytest

from complaints.models import Case
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_sign_up_and_fill_in_a_case_on_a_phone(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("#id_username").fill("lan-hua")
    page.locator("#id_phone").fill("138 0013 8000")
    page.locator("#id_password1").fill("风雨无阻-Harbour-1987")
    page.locator("#id_password2").fill("风雨无阻-Harbour-1987")
    no_sideways_scroll(page)
    page.get_by_role("button", name="注册").click()
    code = page.locator(".recovery-code code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    screenshot(page, "cases-recovery-code-phone")
    page.get_by_role("link", name="我已记下，继续").click()

    page.get_by_role("link", name="新建案件").click()
    page.get_by_role("button", name="新建案件").click()
    case = Case.objects.get()
    assert case.reference in page.get_by_role("heading", level=1).inner_text()
    no_sideways_scroll(page)

    page.locator(f'a[href="/cases/{case.pk}/edit/borrower/"]').click()
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("邮政编码", exact=True).fill("5180")
    page.get_by_role("button", name="保存").click()
    error = page.locator("#id_address_postcode_error")
    assert "6 位数字" in error.inner_text() and error.get_attribute("role") == "alert"
    assert page.get_by_label("姓名").input_value() == "张三"  # nothing typed is lost
    no_sideways_scroll(page)
    screenshot(page, "cases-form-error-phone")
    page.get_by_label("邮政编码", exact=True).fill("")
    page.get_by_role("button", name="保存").click()
    assert "已保存" in page.locator(".messages").inner_text()
    case.refresh_from_db()
    assert case.data["borrower"]["name"] == "张三"
    screenshot(page, "cases-detail-phone")
