"""A check-in answered on a 360 px phone, without JavaScript (a plain POST and back to the hub) and with it (htmx
swaps the question for the answer in place); the clinic's deadlines and outcomes pages on a phone. axe and the Nu
checker run on every page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from complaints.management.demo_outcomes import demo_outcomes_add
from complaints.models import CheckIn, LogEntry
from complaints.services.cases import case_create, case_share_create
from guidance import clock
from tests.browser.conftest import PHONE, check_screen
from tests.browser.test_letters_phone import no_sideways_scroll, sign_in
from tests.factories import ClinicAdminFactory, ClinicFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "自从寄出/提交以来，骚扰停止了、还在继续，还是更严重了？"


def _case_due(owner):
    """A complaint to a consumer-finance lender whose 15-day answer period ends today, and calls logged since."""
    sent = clock.today() - dt.timedelta(days=15)
    case = case_create(owner=owner, actor=owner, data={
        "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"}, "harassment": {"channels": ["call"]},
        "steps_taken": [{"action": "complain_lender", "on": sent.isoformat()}]})
    for day in range(1, 6):
        LogEntry.objects.create(case=case, at=dt.datetime.combine(sent + dt.timedelta(days=day), dt.time(20), tzinfo=clock.SHANGHAI),
                                channel="call", from_number="+8617012345678" if day % 2 else "+8617012345679")
    return case, sent


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_answer_a_check_in_on_a_phone(live_server, browse, javascript):
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    case, sent = _case_due(owner)
    page = browse(viewport=PHONE, javascript=javascript)
    suffix = "" if javascript else "-nojs"
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    question = page.locator(f"#check-in-{case.pk}")
    expect(question).to_contain_text(QUESTION)
    expect(question).to_contain_text(f"{clock.chinese_date(sent)}之后：5 次联系，来自 2 个号码")
    no_sideways_scroll(page)
    box = page.get_by_role("button", name="还在继续").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # one tap, a full-size target
    check_screen(page, f"check-in-phone-question{suffix}")

    page.get_by_role("button", name="还在继续").click()
    if javascript:
        expect(page.locator(f"#check-in-{case.pk}")).to_contain_text("计划已经前进到下一步")
        expect(page.get_by_role("link", name="准备这一步的文书")).to_be_visible()
    else:
        page.wait_for_url(f"{live_server.url}/cases/{case.pk}/")
        expect(page.locator("main")).to_contain_text("已记下：骚扰还在继续")
        expect(page.locator("main")).not_to_contain_text(QUESTION)
        expect(page.locator("#action-complain_regulator")).to_have_attribute("data-status", "do_now")
        # The message links the next step's letter itself, as the answered box does with JavaScript.
        expect(page.locator(".messages").get_by_role("link", name="准备这一步的文书")).to_have_attribute(
            "href", f"/cases/{case.pk}/letters/regulator_complaint/")
    no_sideways_scroll(page)
    check_screen(page, f"check-in-phone-answered{suffix}")
    row = CheckIn.objects.get(case=case)
    assert (row.answer, row.answered_on, row.by_staff) == ("continued", clock.today(), False)


def test_the_clinics_check_ins_and_outcomes_on_a_phone(live_server, browse):
    clinic = ClinicFactory(name="星光法律援助工作站")
    admin = ClinicAdminFactory(username="wangfang", clinic=clinic, first_name="芳", last_name="王")
    owner = UserFactory(username="+8613800138001", phone="+8613800138001")
    case, _sent = _case_due(owner)
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=owner)
    demo_outcomes_add(clinic, actor=admin)
    page = browse(viewport=PHONE, javascript=False)
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/staff/deadlines/")
    expect(page.locator(f"#check-in-{case.pk}")).to_contain_text(QUESTION)
    no_sideways_scroll(page)
    check_screen(page, "check-in-phone-staff-deadlines")
    page.locator(f"#check-in-{case.pk}").get_by_role("button", name="停止了").click()
    page.wait_for_url(f"{live_server.url}/staff/deadlines/")
    expect(page.locator(f"#check-in-{case.pk}")).to_have_count(0)
    assert CheckIn.objects.get(case=case).by_staff

    page.goto(f"{live_server.url}/staff/outcomes/")
    expect(page.locator("svg.outcomes-chart")).to_be_visible()
    no_sideways_scroll(page)
    check_screen(page, "check-in-phone-staff-outcomes")
