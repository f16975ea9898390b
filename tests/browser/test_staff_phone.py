"""Clinic staff on a 360 px phone: every staff page without sideways scrolling, tables stacked into cards that
show each column's label, and a letter's reply recorded from the case page (axe and the Nu checker on every page)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from complaints.management.letter_samples import load_case
from complaints.models import Letter, LogEntry
from complaints.services.cases import case_create, case_share_create
from complaints.services.letters import letter_generate, letter_record_mailing
from tests.browser.conftest import PHONE, check_screen
from tests.browser.test_letters_phone import no_sideways_scroll, sign_in
from tests.factories import ClinicAdminFactory, ClinicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label_before(page, selector: str) -> str:
    """The column label a stacked cell shows above its value (its ::before content, quotes removed)."""
    return page.locator(selector).first.evaluate("cell => getComputedStyle(cell, '::before').content").strip('"')


def test_staff_pages_on_a_phone_stack_their_tables_and_record_a_reply(live_server, browse):
    clinic = ClinicFactory(name="星光法律援助工作站")
    admin = ClinicAdminFactory(username="wangfang", clinic=clinic, first_name="芳", last_name="王")
    data = load_case()
    case = case_create(owner=None, actor=admin, data={**data, "log": [], "steps_taken": []})
    case_share_create(case=case, clinic=clinic, consent_text="来访求助人当面同意。", actor=admin)
    for item in data["log"]:
        LogEntry.objects.create(case=case, at=dt.datetime.fromisoformat(item["at"]), channel=item["channel"],
                                from_number=item["from_number"], target=item["target"], text=item["text"])
    letter, _created = letter_generate(actor=admin, case=case, kind="collector_cease")
    today = dt.date.today()
    letter_record_mailing(actor=admin, letter=letter, mailed_on=today, method="registered", tracking_number="XA123456789CN")

    page = browse(viewport=PHONE)
    sign_in(page, live_server, admin)
    tables = {
        "/staff/": ("td", "选择"),  # the first cell: the case's checkbox for letters of several cases
        f"/staff/cases/{case.pk}/": ("td", "时间"),
        f"/staff/cases/{case.pk}/audit/": ("td", "时间"),
        "/staff/collectors/": ("tbody th", "催收号码"),
        "/staff/reports/": ("tbody th", "周（周一）"),
        "/staff/team/": ("td", "登录名"),
        "/staff/deadlines/": (None, None),
        "/staff/mailing/": (None, None),
    }
    for path, (cell, label) in tables.items():
        page.goto(live_server.url + path)
        no_sideways_scroll(page)
        if cell:
            assert page.locator("table.table--stack thead").first.bounding_box()["height"] <= 1, path  # headings only for screen readers
            assert label_before(page, f"table.table--stack {cell}") == label, path
        check_screen(page, "staff-phone" + path.replace("/", "-").rstrip("-"))

    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    page.get_by_text("记录收到的答复").click()
    page.get_by_label("收到答复的日期").fill(today.isoformat())
    page.get_by_label("问题已解决").check()
    page.get_by_label("答复内容摘要（可不填）").fill("催收公司回函称已停止联系")
    check_screen(page, "staff-phone-reply-form")
    page.get_by_role("button", name="保存答复").click()
    page.wait_for_url(f"{live_server.url}/staff/cases/{case.pk}/")
    expect(page.locator("main")).to_contain_text(f"{today.isoformat()} 收到答复：问题已解决")
    no_sideways_scroll(page)
    check_screen(page, "staff-phone-reply-recorded")
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.replied_on, letter.reply_result, letter.reply_summary) == (today, "resolved", "催收公司回函称已停止联系")
