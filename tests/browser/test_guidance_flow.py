"""A borrower on a 360-px phone: home -> questions -> review -> plan, with JavaScript (htmx) and without."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from guidance import clock
from tests.browser.conftest import PHONE, check_screen
from tests.guidance_routes import ROUTES, TREE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Danger-free route with one step already taken, so the plan has every kind of card.
ROUTE = next(
    r for r in ROUTES
    if dict(r.steps)["in_danger"] == "no" and dict(r.steps).get("step_demand_collector_stop") == "no_reply"
    and dict(r.steps).get("step_complain_lender") == "not_yet"
)
FILLED = {
    "lender_name": "某某消费金融有限公司",
    "app_name": "某某借",
    "numbers": "170 1234 5678",
    "collector_name": "",
    "max_per_day": "30",
    "first_seen": "",
}


def answer(page, node_id, choice):
    node = TREE.nodes[node_id]
    expect(page.get_by_role("heading", level=1)).to_have_text(node.text.zh)
    if node.kind in ("single", "multi"):
        page.get_by_label(node.choice(choice).label.zh, exact=True).check()
    for item in node.inputs:
        value = FILLED.get(item.id)
        if item.type == "date":
            value = (clock.today() - dt.timedelta(days=5)).isoformat()
        page.get_by_label(item.label.zh).fill(value)
    page.get_by_role("button", name="下一步").click()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def walk_to_plan(page, base_url, name):
    page.goto(base_url + "/")
    page.get_by_role("link", name=re.compile("开始")).first.click()
    page.get_by_role("link", name="开始", exact=True).click()
    for index, (node_id, choice) in enumerate(ROUTE.steps):
        page.wait_for_url(re.compile(rf"/guide/q/{node_id}/$"))
        if index == 1:
            progress = page.locator("#question-progress")
            assert progress.get_attribute("value") == "2"
            choice_box = page.locator(".choice").first.bounding_box()
            assert choice_box["height"] >= 48 and choice_box["width"] >= 300  # big tap targets
            no_sideways_scroll(page)
            check_screen(page, f"guidance-question-{name}")
        answer(page, node_id, choice)
    page.wait_for_url(re.compile(r"/guide/review/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "核对你的回答"
    assert page.get_by_role("link", name="修改").count() == sum(1 for n, _ in ROUTE.steps if TREE.nodes[n].kind != "notice")
    no_sideways_scroll(page)
    check_screen(page, f"guidance-review-{name}")
    page.get_by_role("link", name="查看我的行动计划").click()
    page.wait_for_url(re.compile(r"/guide/plan/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "你的行动计划"
    assert page.get_by_role("heading", name="现在就做").is_visible()
    assert page.locator("[data-status=done]#action-demand_collector_stop").count() == 1
    law = page.locator("details.law").first
    assert not law.locator("blockquote").is_visible()
    law.locator("summary").click()  # the article text, one tap away
    assert law.locator("blockquote").is_visible()
    no_sideways_scroll(page)
    check_screen(page, f"guidance-plan-{name}")


def test_phone_with_javascript_goes_from_home_to_plan(live_server, phone_page):
    requests = []
    phone_page.on("request", lambda request: requests.append(request))
    walk_to_plan(phone_page, live_server.url, "phone")
    # htmx swapped the questions: answers were posted with the HX-Request header.
    assert any(r.method == "POST" and r.headers.get("hx-request") == "true" for r in requests)


def test_phone_with_javascript_back_and_change(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/guide/q/in_danger/")
    answer(page, "in_danger", "no")
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    answer(page, "threat_violence", "no")
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["threat_violence"].text.zh)
    page.go_back()
    page.wait_for_url(re.compile(r"/guide/q/in_danger/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["in_danger"].text.zh)
    expect(page.get_by_label("没有", exact=True)).to_be_checked()
    page.go_forward()
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["threat_violence"].text.zh)
    expect(page.get_by_label("没有", exact=True)).to_be_checked()
    page.go_forward()
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["lender"].text.zh)
    # The on-page way back, then a changed answer: the later answer is kept.
    page.get_by_role("link", name="上一步").click()
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["threat_violence"].text.zh)
    page.get_by_role("link", name="上一步").click()
    page.wait_for_url(re.compile(r"/guide/q/in_danger/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["in_danger"].text.zh)
    answer(page, "in_danger", "yes")
    page.wait_for_url(re.compile(r"/guide/q/call_110_first/$"))
    assert page.get_by_role("link", name="拨打 110", exact=True).get_attribute("href") == "tel:110"
    page.get_by_role("button", name="我现在安全了，继续").click()
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["threat_violence"].text.zh)
    expect(page.get_by_label("没有", exact=True)).to_be_checked()


def test_phone_without_javascript_goes_from_home_to_plan(live_server, browse):
    page = browse(viewport=PHONE, javascript=False)
    requests = []
    page.on("request", lambda request: requests.append(request))
    walk_to_plan(page, live_server.url, "phone-nojs")
    posts = [r for r in requests if r.method == "POST"]
    assert posts and all(r.headers.get("hx-request") is None for r in posts)
    page.get_by_role("link", name="返回修改回答").click()
    page.get_by_role("link", name="修改").first.click()
    assert page.get_by_role("button", name="保存并返回核对").is_visible()
    assert page.get_by_role("button", name="下一步").count() == 0
    page.get_by_label("没有", exact=True).check()
    page.get_by_role("button", name="保存并返回核对").click()
    page.wait_for_url(re.compile(r"/guide/review/$"))


def test_phone_without_javascript_shows_errors_in_chinese(live_server, browse):
    page = browse(viewport=PHONE, javascript=False)
    page.goto(live_server.url + "/guide/q/volume/")  # questions come in order: lands on the first one
    page.wait_for_url(re.compile(r"/guide/q/in_danger/$"))
    page.get_by_role("button", name="下一步").click()
    assert page.get_by_role("alert").inner_text() == "请选择一项。"
    fieldset = page.locator("fieldset.choices")
    assert fieldset.get_attribute("aria-describedby") == "choice-error"
    check_screen(page, "guidance-error-phone-nojs")


def test_phone_with_javascript_free_input_error_is_swapped_in(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/guide/q/in_danger/")
    for node_id, choice in ROUTE.steps:
        if node_id == "volume":
            break
        answer(page, node_id, choice)
    expect(page.get_by_role("heading", level=1)).to_have_text(TREE.nodes["volume"].text.zh)
    page.get_by_label(TREE.nodes["volume"].inputs[0].label.zh).fill("很多")
    page.get_by_role("button", name="下一步").click()
    error = page.locator("#error-max_per_day")
    expect(error).to_have_text("请填一个整数，例如 30。")
    assert error.get_attribute("role") == "alert"
    field = page.get_by_label(TREE.nodes["volume"].inputs[0].label.zh)
    assert "error-max_per_day" in field.get_attribute("aria-describedby")
    assert page.url.endswith("/guide/q/volume/")
    check_screen(page, "guidance-input-error-phone")
