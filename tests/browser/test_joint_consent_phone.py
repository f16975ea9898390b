"""The separate consent to a clinic's joint complaints on a 360 px phone, with and without JavaScript: the borrower
shares without it, gives it later with its own button and withdraws it; the desk records it for a walk-in client
(axe and the Nu checker on every page)."""

import pytest
from playwright.sync_api import expect

from complaints.models import CaseShare
from complaints.services.cases import case_create
from tests.browser.conftest import PHONE, check_screen
from tests.browser.test_letters_phone import no_sideways_scroll, sign_in
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_borrower_shares_then_gives_and_withdraws_joint_consent_on_a_phone(live_server, browse, javascript):
    ClinicFactory(name="星光法律援助工作站")
    user = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = case_create(owner=user, actor=user, data={"borrower": {"name": "张三"}})
    page = browse(viewport=PHONE, javascript=javascript)
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/cases/{case.pk}/share/")
    expect(page.get_by_label("我也同意纳入联合投诉（可以不选）")).not_to_be_checked()
    no_sideways_scroll(page)
    check_screen(page, "joint-consent-share-form")
    page.get_by_label("星光法律援助工作站").check()
    page.get_by_label("我已阅读并同意上面的分享说明").check()
    page.get_by_role("button", name="同意并分享").click()
    expect(page.locator("main")).to_contain_text("你还没有同意纳入联合投诉")
    assert CaseShare.objects.get().joint_consented_at is None
    check_screen(page, "joint-consent-not-given")

    page.get_by_role("button", name="我同意纳入联合投诉 星光法律援助工作站").click()
    expect(page.locator("main")).to_contain_text("同意纳入这个机构的联合投诉材料")
    assert CaseShare.objects.get().joint_consent_active
    no_sideways_scroll(page)
    check_screen(page, "joint-consent-given")

    page.get_by_role("button", name="撤回联合投诉同意 星光法律援助工作站").click()
    expect(page.locator("main")).to_contain_text("你还没有同意纳入联合投诉")
    share = CaseShare.objects.get()
    assert share.joint_withdrawn_at is not None and share.withdrawn_at is None


def test_the_desk_records_a_walk_in_clients_joint_consent(live_server, browse):
    clinic = ClinicFactory(name="星光法律援助工作站")
    staff = StaffFactory(clinic=clinic)
    page = browse(viewport=PHONE)
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/staff/cases/new/")
    no_sideways_scroll(page)
    check_screen(page, "joint-consent-walk-in")
    page.get_by_label("求助人姓名").fill("王五")
    page.get_by_label("求助人当面同意纳入联合投诉").check()
    page.get_by_role("button", name="建立案件").click()
    expect(page.locator("main")).to_contain_text("已记录：求助人当面同意纳入联合投诉")
    check_screen(page, "joint-consent-walk-in-done")
    assert CaseShare.objects.get(case__borrower_name="王五").joint_consent_active
