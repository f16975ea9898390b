"""A borrower on a 360 px phone prepares a letter: list, preview, fix a mistake, generate, download, record the
mailing, and sees the tracking number on the case page (with and without JavaScript)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from complaints.management.letter_samples import load_case
from complaints.models import Letter, LogEntry
from complaints.services.cases import case_create
from tests.browser.conftest import check_screen
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_prepare_generate_and_mail_a_letter_on_a_phone(live_server, browse, javascript):
    user = UserFactory(username="+8613800138000", phone="+8613800138000")
    data = load_case()
    case = case_create(owner=user, actor=user, data={**data, "log": [], "steps_taken": [], "today": timezone.localdate().isoformat()})
    for item in data["log"]:
        LogEntry.objects.create(case=case, at=dt.datetime.fromisoformat(item["at"]), channel=item["channel"],
                                from_number=item["from_number"], target=item["target"], text=item["text"])
    page = browse(javascript=javascript)
    suffix = "" if javascript else "-nojs"
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/cases/{case.pk}/letters/")
    no_sideways_scroll(page)
    check_screen(page, f"letters-list-phone{suffix}")
    page.get_by_role("link", name="致某某信息咨询有限公司的停止催收函").click()
    assert page.get_by_role("region", name="文书预览").is_visible()
    no_sideways_scroll(page)
    check_screen(page, f"letters-preview-phone{suffix}")

    demands = page.get_by_label("请求事项（每行一项；清空则恢复默认）")
    demands.fill("\n".join(f"请求{number}" for number in range(11)))
    page.get_by_role("button", name="保存并更新预览").click()
    error = page.locator("#id_demands_error")
    assert "请求事项最多 10 项" in error.inner_text() and error.get_attribute("role") == "alert"
    assert page.get_by_label("请求事项（每行一项；清空则恢复默认）").get_attribute("aria-describedby") == "id_demands_error"
    no_sideways_scroll(page)
    page.get_by_label("请求事项（每行一项；清空则恢复默认）").fill("")
    page.get_by_label("补充说明（可不填，会作为“补充说明”写进文书）").fill("我的母亲因此整夜失眠。")
    page.get_by_role("button", name="保存并更新预览").click()
    assert "我的母亲因此整夜失眠。" in page.get_by_role("region", name="文书预览").inner_text()

    page.get_by_role("button", name="生成 PDF").click()
    letter = Letter.objects.get()
    assert letter.pdf_sha256 in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    check_screen(page, f"letters-sent-phone{suffix}")

    page.get_by_label("邮件单号（挂号信或EMS的条码号）").fill("12")
    page.get_by_label("寄出日期").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="保存寄出记录").click()
    assert "邮件单号由 8 到 30 位字母和数字组成" in page.locator("#id_tracking_number_error").inner_text()
    page.get_by_role("radio", name="EMS").check()
    page.get_by_label("邮件单号（挂号信或EMS的条码号）").fill("EA123456789CN")
    page.get_by_role("button", name="保存寄出记录").click()
    assert "单号 EA123456789CN" in page.get_by_role("status").first.inner_text() or "EA123456789CN" in page.content()
    no_sideways_scroll(page)

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "EA123456789CN" in page.get_by_role("region", name="已寄出的文书").inner_text()
    check_screen(page, f"letters-case-page-phone{suffix}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_letter_that_lacks_facts_asks_for_them_and_then_shows_the_preview(live_server, browse, javascript):
    user = UserFactory(username="+8613900139000", phone="+8613900139000", first_name="")  # gave no name at sign-up
    case = case_create(owner=user, actor=user, data={
        "borrower": {"phone": "+8613900139000"}, "collector": {"numbers": ["+8617012345678"]},
        "harassment": {"channels": ["sms"], "targets": ["self", "employer"], "content": ["threat_exposure"]},
        "today": timezone.localdate().isoformat()})
    page = browse(javascript=javascript)
    suffix = "" if javascript else "-nojs"
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/cases/{case.pk}/letters/collector_cease/")
    facts = page.get_by_role("form", name="填写缺少的信息")
    assert facts.get_by_role("group", name="你的姓名").is_visible()
    facts.get_by_role("group", name="催收方的名称").get_by_label("催收方名称").fill("")
    facts.get_by_role("button", name="保存并预览文书").click()
    facts = page.get_by_role("form", name="填写缺少的信息")
    assert "请填写这一项，文书才能生成。" in facts.locator("#form-errors").inner_text()
    assert facts.get_by_label("催收方名称").get_attribute("aria-invalid") == "true"
    no_sideways_scroll(page)
    check_screen(page, f"letters-facts-phone{suffix}")

    facts.get_by_label("姓名").fill("赵敏")
    facts.get_by_label("催收方名称").fill("某某信息咨询有限公司")
    facts.get_by_role("button", name="保存并预览文书").click()
    assert "赵敏" in page.get_by_role("region", name="文书预览").inner_text()
    assert page.get_by_role("button", name="生成 PDF").is_visible()
    no_sideways_scroll(page)
