"""Whole journeys as people make them, on the screens they use. Every page on the way is checked
(axe-core, the Nu HTML Checker, the CSP: see conftest.py) and key screens are saved to
test-artifacts/screenshots/ (.ci/run keeps each database run's under test-artifacts/<database>/screenshots/)."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import AuditEvent, Case, Evidence, Letter, User
from complaints.services.letters import letter_generate
from complaints.services.staff import clinic_staff_add
from complaints.services.triage import case_refresh_priority
from tests.browser.conftest import DESK, PHONE, check_screen
from tests.browser.test_guidance_flow import ROUTE, answer, screen_heading, screens
from tests.browser.test_letters_phone import sign_in
from tests.factories import CaseFactory, ClinicAdminFactory, ClinicFactory, StaffFactory
from tests.guidance_routes import TREE
from tests.pdf_tools import pdf_fonts, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "风雨无阻-Harbour-1987"
ONE_TIME_PASSWORD = "hongqi-lu-88-hao"
NEW_PASSWORD_LABEL = re.compile(r"^新密码")  # not "再输入一次新密码"
LENDER_NAME_LABEL = TREE.nodes["lender"].inputs[0].label.zh
APP_NAME_LABEL = TREE.nodes["lender"].inputs[1].label.zh
LENDER_KIND_LABEL = TREE.nodes["lender_kind"].choice("consumer_finance").label.zh


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def borrower_journey(page, base_url: str, shot: str) -> None:
    """home → questions → review → plan → sign up → case → two screenshots → letter → the PDF, on a 360 px phone."""
    page.goto(base_url + "/")
    check_screen(page, f"{shot}-01-home")
    page.get_by_role("link", name=re.compile("开始")).first.click()
    for index, (node_id, steps) in enumerate(screens(ROUTE.steps)):
        page.wait_for_url(re.compile(rf"/guide/q/{node_id}/$"))
        check_screen(page, f"{shot}-02-question" if index == 1 else None)
        no_sideways_scroll(page)
        answer(page, steps)

    page.wait_for_url(re.compile(r"/guide/review/$"))
    check_screen(page, f"{shot}-03-review")
    page.get_by_role("link", name="查看我的行动计划").click()
    page.wait_for_url(re.compile(r"/guide/plan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("你的行动计划")
    no_sideways_scroll(page)
    check_screen(page, f"{shot}-04-plan")

    page.get_by_role("button", name="保存我的案件").click()  # not signed up yet: sign-up comes first
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    page.get_by_label("登录名").fill("lan-hua")
    page.locator("#id_phone").fill("138 0013 8000")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    check_screen(page, f"{shot}-05-sign-up")
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".recovery-code code")).to_have_text(re.compile(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}"))
    check_screen(page, f"{shot}-06-recovery-code")
    page.get_by_role("link", name="我已记下，继续").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get()
    assert case.owner.phone == "+8613800138000"
    assert case.data["lender"]["name"] == "某某消费金融有限公司"
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    check_screen(page, f"{shot}-07-case")
    no_sideways_scroll(page)

    page.locator(f'a[href="/cases/{case.pk}/edit/borrower/"]').click()
    page.get_by_label("姓名").fill("张三")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    check_screen(page)

    # Two screenshots of the collector's messages (here: of this very phone screen, real PNGs).
    shots = [{"name": f"催收短信{n}.png", "mimeType": "image/png", "buffer": page.screenshot(full_page=full)}
             for n, full in ((1, False), (2, True))]
    page.goto(f"{base_url}/cases/{case.pk}/evidence/")
    check_screen(page)
    page.get_by_label("选择要上传的文件（可以一次选多个）").set_input_files(shots)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("main")).to_contain_text("催收短信2.png")
    assert Evidence.objects.filter(case=case).count() == 2
    no_sideways_scroll(page)
    check_screen(page, f"{shot}-08-evidence")

    page.goto(f"{base_url}/cases/{case.pk}/letters/")
    check_screen(page, f"{shot}-08-letters")
    # The carrier of the collector's number (170 1234 5678) gets the complaint; its details are all filled in.
    page.get_by_role("link", name=re.compile(r"致中国(电信|移动|联通)的投诉信")).click()
    check_screen(page, f"{shot}-09-letter-preview")
    page.get_by_role("button", name="生成 PDF").click()
    page.wait_for_url(re.compile(r"/letters/sent/\d+/$"))
    check_screen(page, f"{shot}-10-letter-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = download_info.value.path().read_bytes()
    letter = Letter.objects.get(case=case)
    assert letter.kind == "carrier_complaint"
    text = pdf_text(pdf)
    assert "张三" in text and "13800138000" in text.replace(" ", "")
    assert "17012345678" in text.replace(" ", "")
    assert any("CJK" in font.name or "Noto" in font.name for font in pdf_fonts(pdf))


def test_borrower_on_a_phone_from_home_to_a_letter(live_server, browse):
    borrower_journey(browse(viewport=PHONE), live_server.url, "journey1-phone")


def test_borrower_on_a_phone_without_javascript(live_server, browse):
    page = browse(viewport=PHONE, javascript=False)
    requests = []
    page.on("request", lambda request: requests.append(request))
    borrower_journey(page, live_server.url, "journey2-nojs")
    posts = [r for r in requests if r.method == "POST"]
    assert posts and all(r.headers.get("hx-request") is None for r in posts)  # plain forms all the way


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_going_back_to_change_an_answer_keeps_the_later_ones(live_server, browse, javascript):
    page = browse(viewport=PHONE, javascript=javascript)
    shot = "journey3-phone" + ("" if javascript else "-nojs")
    grouped = screens(ROUTE.steps)
    page.goto(live_server.url + "/guide/q/threat_violence/")
    for node_id, steps in grouped[:3]:  # safety, the loan, the harassment
        page.wait_for_url(re.compile(rf"/guide/q/{node_id}/$"))
        check_screen(page)
        answer(page, steps)
    page.wait_for_url(re.compile(rf"/guide/q/{grouped[3][0]}/$"))
    check_screen(page)

    # Back with the browser's own button, then with the page's link, to the first screen.
    page.go_back()
    page.wait_for_url(re.compile(rf"/guide/q/{grouped[2][0]}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(screen_heading(grouped[2][0]))
    check_screen(page, f"{shot}-01-back")
    for earlier in ("lender", "threat_violence"):
        page.get_by_role("link", name="上一步").click()
        page.wait_for_url(re.compile(rf"/guide/q/{earlier}/$"))
    check_screen(page)
    in_danger = page.locator('[data-node="in_danger"]')
    expect(in_danger.get_by_label("没有", exact=True)).to_be_checked()

    # A changed answer brings in a new screen (call 110 first); the answers after it are kept.
    in_danger.get_by_label(TREE.nodes["in_danger"].choice("yes").label.zh, exact=True).check()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url(re.compile(r"/guide/q/call_110_first/$"))
    check_screen(page, f"{shot}-02-changed")
    assert page.get_by_role("link", name="拨打 110", exact=True).get_attribute("href") == "tel:110"
    page.get_by_role("button", name="我现在安全了，继续").click()
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    expect(page.get_by_label(LENDER_NAME_LABEL)).to_have_value("某某消费金融有限公司")
    expect(page.get_by_label(APP_NAME_LABEL)).to_have_value("某某借")
    expect(page.get_by_label(LENDER_KIND_LABEL, exact=True)).to_be_checked()
    check_screen(page, f"{shot}-03-answers-kept")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url(re.compile(r"/guide/q/collector/$"))
    expect(page.get_by_label(TREE.nodes["collector"].inputs[0].label.zh)).to_have_value(re.compile("170"))
    check_screen(page)


def test_clinic_worker_at_a_desk_works_the_most_urgent_case(live_server, browse):
    clinic = ClinicFactory(name="星光法律援助工作站")
    # The clinic's admin added her on the team page with a password they told her at the desk: it works once.
    clinic_staff_add(actor=ClinicAdminFactory(clinic=clinic), clinic_id=clinic.pk, username="wangfang", full_name="王芳",
                     password=ONE_TIME_PASSWORD)
    calm = CaseFactory(borrower_name="王五", shared_with=clinic)
    urgent = CaseFactory(borrower_name="赵六", shared_with=clinic, data={
        "spec": "zhirao-case/1",
        # Threatened with violence, she gives the clinic's address for letters, never her home address.
        "borrower": {"name": "赵六", "phone": "+8613900139000", "address": {
            "province": "广东省", "city": "广州市", "district": "天河区", "street": "天河路100号", "postcode": "510620"},
            "contact_address": {"province": "广东省", "city": "广州市", "district": "越秀区", "street": "星光法律援助工作站 中山五路2号",
                                "postcode": "510030"}},
        "collector": {"name": "某某信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["+8617012345678"], "address": {
            "province": "四川省", "city": "成都市", "district": "武侯区", "street": "科华北路8号", "postcode": "610041"}},
        "safety": {"in_danger_now": True},
        "harassment": {"channels": ["call", "sms"], "targets": ["self", "contacts", "employer"],
                       "content": ["threat_violence", "threat_exposure"], "night_contact": True, "max_per_day": 60},
    })
    for case in (calm, urgent):
        case_refresh_priority(case=case)
    assert urgent.priority > calm.priority
    # The borrower already generated the letter that demands the collector stop; it waits to be posted.
    letter, _created = letter_generate(actor=urgent.owner, case=urgent, kind="collector_cease")

    page = browse(viewport=DESK)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("登录名").fill("wangfang")
    page.get_by_label("密码").fill(ONE_TIME_PASSWORD)
    check_screen(page, "journey4-desk-01-login")
    page.get_by_role("button", name="登录").click()

    # First she replaces the one-time password with her own; no other page opens until she has.
    page.wait_for_url(re.compile(r"/accounts/new-password/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("设置你自己的新密码")
    expect(page.locator("main")).to_contain_text("这是管理员为你设置的一次性密码，请设置只有你自己知道的新密码")
    page.get_by_label(NEW_PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("再输入一次新密码").fill(PASSWORD + "x")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator("#form-errors")).to_contain_text("两次输入的密码不一样")
    expect(page.get_by_label("再输入一次新密码")).to_have_attribute("aria-invalid", "true")
    check_screen(page, "journey4-desk-01b-new-password-mismatch")
    page.get_by_label(NEW_PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("再输入一次新密码").fill(PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    worker = User.objects.get(username="wangfang")
    assert not worker.must_change_password and worker.check_password(PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("分诊队列")
    check_screen(page, "journey4-desk-02-queue")
    first_row = page.locator("table.data-table tbody tr").first
    expect(first_row).to_contain_text("赵六")
    first_row.get_by_role("link", name="赵六").click()

    page.wait_for_url(re.compile(rf"/staff/cases/{urgent.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(urgent.reference)
    check_screen(page, "journey4-desk-03-case")
    page.get_by_label("新备注").fill("已电话联系赵六，建议先报警并保存通话录音。")
    page.get_by_role("button", name="添加备注").click()
    expect(page.locator(".messages")).to_contain_text("备注已保存")
    expect(page.locator("main")).to_contain_text("已电话联系赵六")
    check_screen(page)
    page.get_by_label("状态").select_option(Case.Status.IN_PROGRESS)
    page.get_by_role("button", name="更改状态").click()
    expect(page.locator(".messages")).to_contain_text("状态已更新")
    check_screen(page, "journey4-desk-04-case-worked")

    # Mailing day: print the letters ready to post, each followed by its envelope, as one PDF.
    page.get_by_role("link", name="邮寄日").click()
    page.wait_for_url(re.compile(r"/staff/mailing/$"))
    expect(page.get_by_role("checkbox", name="某某信息咨询有限公司")).to_be_checked()
    check_screen(page, "journey4-desk-05-mailing-day")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="打印合并 PDF（文书 + 信封）").click()
    pdf = download_info.value.path().read_bytes()
    text = pdf_text(pdf).replace(" ", "")
    assert "停止违规催收通知函" in text and "某某信息咨询有限公司" in text and "赵六" in text
    assert "610041" in text  # the envelope's postcode
    assert AuditEvent.objects.get(action="mailing.print").new_value == {"letters": [letter.pk]}

    urgent.refresh_from_db()
    assert urgent.status == Case.Status.IN_PROGRESS
    assert urgent.notes.get().text == "已电话联系赵六，建议先报警并保存通话录音。"
    assert AuditEvent.objects.filter(case_id=urgent.pk, action="case.status_change").exists()
    assert AuditEvent.objects.filter(case_id=urgent.pk, action="case.note_add").exists()


def test_clinic_admin_gives_a_colleague_a_one_time_password(live_server, browse):
    clinic = ClinicFactory(name="星光法律援助工作站")
    admin = ClinicAdminFactory(username="laozhang", clinic=clinic)
    colleague = StaffFactory(username="wangfang", clinic=clinic)
    page = browse(viewport=DESK)
    sign_in(page, live_server, admin)
    page.goto(live_server.url + "/staff/team/")
    page.get_by_role("button", name="为 wangfang 重设为一次性密码").click()
    expect(page.get_by_role("heading", name="wangfang 的一次性密码")).to_be_visible()
    shown = page.locator(".claim-code").inner_text()
    check_screen(page, "journey4-desk-00-team-one-time-password")
    colleague.refresh_from_db()
    assert colleague.must_change_password and colleague.check_password(shown)


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
