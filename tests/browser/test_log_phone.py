"""A borrower on a 360 px phone imports an SMS backup, confirms the collector's messages and sees the chart."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from complaints.models import Case, LogEntry
from tests.browser.conftest import screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sms" / "sms-backup-restore.xml"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_import_confirm_and_chart_on_a_phone(live_server, phone_page):
    user = UserFactory(phone="+8613800138000")
    case = Case.objects.create(owner=user, data={"spec": "zhirao-case/1"})
    sign_in(phone_page, live_server, user)

    phone_page.goto(f"{live_server.url}/cases/{case.pk}/log/")
    assert "还没有已确认的记录" in phone_page.content()
    phone_page.get_by_role("link", name="导入短信导出文件").click()
    phone_page.get_by_label("上传短信导出文件").set_input_files(str(FIXTURE))
    phone_page.get_by_role("button", name="读取短信").click()

    assert phone_page.get_by_role("heading", name="待确认的导入短信（7 条）").is_visible()
    for entry in LogEntry.objects.filter(case=case, from_number__in=["+8617012345678", "10690000123456"]):
        phone_page.locator(f"#pending-{entry.pk}").check()
    phone_page.get_by_role("button", name="确认所选").click()

    chart = phone_page.locator("svg.harassment-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] <= 360
    assert box["height"] > 150  # scaled down by its viewBox, still tall enough to read
    assert chart.get_attribute("role") == "img"
    assert phone_page.locator(".log-number", has_text="10690000123456").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert LogEntry.objects.filter(case=case, pending_review=False).count() == 3
    case.refresh_from_db()
    assert case.data["harassment"]["night_contact"] is True
    assert screenshot(phone_page, "log-chart-phone").stat().st_size > 0
