"""A borrower on a 360-px phone: home -> screens of questions -> review -> plan, with JavaScript (htmx) and without."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from guidance import clock
from guidance import tree as trees
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


def screens(steps):
    """A route's steps grouped as the borrower meets them: [(the screen's first node id, [(node id, choice), …])]."""
    grouped = []
    for node_id, choice in steps:
        start = trees.screen_nodes(TREE, node_id)[0].id
        if grouped and grouped[-1][0] == start:
            grouped[-1][1].append((node_id, choice))
        else:
            grouped.append((start, [(node_id, choice)]))
    return grouped


def screen_heading(node_id) -> str:
    nodes = trees.screen_nodes(TREE, node_id)
    return TREE.screen_title(nodes[0].screen).zh if len(nodes) > 1 else nodes[0].text.zh


def fill(page, node_id, choice):
    """Answers one question inside its part of the screen."""
    node = TREE.nodes[node_id]
    scope = page.locator(f'[data-node="{node_id}"]')
    if node.kind in ("single", "multi"):
        scope.get_by_label(node.choice(choice).label.zh, exact=True).check()
    for item in node.inputs:
        value = FILLED.get(item.id)
        if item.type == "date":
            value = (clock.today() - dt.timedelta(days=5)).isoformat()
        scope.get_by_label(item.label.zh).fill(value)


def answer(page, steps):
    """Answers one screen (its [(node id, choice)]) and sends it."""
    expect(page.get_by_role("heading", level=1)).to_have_text(screen_heading(steps[0][0]))
    for node_id, choice in steps:
        fill(page, node_id, choice)
    page.get_by_role("button", name="下一步").click()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def walk_to_plan(page, base_url, name):
    page.goto(base_url + "/")
    page.get_by_role("link", name=re.compile("开始")).first.click()  # straight into the first screen of questions
    for index, (node_id, steps) in enumerate(screens(ROUTE.steps)):
        page.wait_for_url(re.compile(rf"/guide/q/{node_id}/$"))
        if index == 1:
            progress = page.locator("#question-progress")
            assert progress.get_attribute("value") == "2"
            choice_box = page.locator(".choice").first.bounding_box()
            assert choice_box["height"] >= 48 and choice_box["width"] >= 300  # big tap targets
            no_sideways_scroll(page)
            check_screen(page, f"guidance-question-{name}")
        answer(page, steps)
    page.wait_for_url(re.compile(r"/guide/review/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "核对你的回答"
    assert page.get_by_role("link", name="修改").count() == sum(1 for n, _ in ROUTE.steps if TREE.nodes[n].kind != "notice")
    no_sideways_scroll(page)
    check_screen(page, f"guidance-review-{name}")
    page.get_by_role("link", name="查看我的行动计划").click()
    page.wait_for_url(re.compile(r"/guide/plan/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "你的行动计划"
    assert page.get_by_role("heading", name="现在就做").is_visible()
    assert page.locator("#do-now-heading + ol > li").count() == 3
    assert page.locator("#do-now-heading + ol").get_by_role("button", name=re.compile("^准备")).count() >= 3
    rest = page.locator("details.plan-rest")
    assert not rest.locator("[data-status=done]#action-demand_collector_stop").is_visible()
    rest.locator("summary").first.click()  # the rest of the plan, folded below the first three steps
    assert rest.locator("[data-status=done]#action-demand_collector_stop").is_visible()
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


SAFETY, LOAN = screens(ROUTE.steps)[0], screens(ROUTE.steps)[1]


def test_phone_with_javascript_back_and_change(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/guide/q/threat_violence/")
    answer(page, SAFETY[1])
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    answer(page, LOAN[1])
    page.wait_for_url(re.compile(r"/guide/q/collector/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(screen_heading("lender"))
    page.go_back()
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(screen_heading("threat_violence"))
    in_danger = page.locator('[data-node="in_danger"]')
    expect(in_danger.get_by_label("没有", exact=True)).to_be_checked()
    page.go_forward()
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    expect(page.get_by_label(TREE.nodes["lender"].inputs[0].label.zh)).to_have_value(FILLED["lender_name"])
    page.go_forward()
    page.wait_for_url(re.compile(r"/guide/q/collector/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(screen_heading("collector"))
    # The on-page way back, then a changed answer: the later answers are kept.
    page.get_by_role("link", name="上一步").click()
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    page.get_by_role("link", name="上一步").click()
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    in_danger.get_by_label(TREE.nodes["in_danger"].choice("yes").label.zh, exact=True).check()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url(re.compile(r"/guide/q/call_110_first/$"))
    assert page.get_by_role("link", name="拨打 110", exact=True).get_attribute("href") == "tel:110"
    page.get_by_role("button", name="我现在安全了，继续").click()
    page.wait_for_url(re.compile(r"/guide/q/lender/$"))
    expect(page.get_by_label(TREE.nodes["lender"].inputs[0].label.zh)).to_have_value(FILLED["lender_name"])


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
    page.locator('[data-node="threat_violence"]').get_by_label("没有", exact=True).check()
    page.get_by_role("button", name="保存并返回核对").click()
    page.wait_for_url(re.compile(r"/guide/review/$"))


def test_phone_without_javascript_shows_errors_in_chinese(live_server, browse):
    page = browse(viewport=PHONE, javascript=False)
    page.goto(live_server.url + "/guide/q/volume/")  # questions come in order: lands on the first screen
    page.wait_for_url(re.compile(r"/guide/q/threat_violence/$"))
    page.locator('[data-node="threat_violence"]').get_by_label("没有", exact=True).check()
    page.get_by_role("button", name="下一步").click()
    assert page.locator("#in_danger-choice-error").inner_text() == "请选择一项。"
    assert page.locator("#in_danger-choice-error").get_attribute("role") == "alert"
    fieldset = page.locator('[data-node="in_danger"] fieldset.choices')
    assert fieldset.get_attribute("aria-describedby") == "in_danger-choice-error"
    expect(page.locator('[data-node="threat_violence"]').get_by_label("没有", exact=True)).to_be_checked()
    check_screen(page, "guidance-error-phone-nojs")


def test_phone_with_javascript_free_input_error_is_swapped_in(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/guide/q/threat_violence/")
    for start, steps in screens(ROUTE.steps):
        if start == "night_contact":
            break
        answer(page, steps)
    expect(page.get_by_role("heading", level=1)).to_have_text(screen_heading("volume"))
    last = dict(screens(ROUTE.steps))["night_contact"]
    for node_id, choice in last:
        fill(page, node_id, choice)
    page.get_by_label(TREE.nodes["volume"].inputs[0].label.zh).fill("很多")
    page.get_by_role("button", name="下一步").click()
    error = page.locator("#error-volume-max_per_day")
    expect(error).to_have_text("请填一个整数，例如 30。")
    assert error.get_attribute("role") == "alert"
    field = page.get_by_label(TREE.nodes["volume"].inputs[0].label.zh)
    assert "error-volume-max_per_day" in field.get_attribute("aria-describedby")
    assert page.url.endswith("/guide/q/night_contact/")
    check_screen(page, "guidance-input-error-phone")
