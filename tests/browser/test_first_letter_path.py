"""Issue 14's measure: a first-time borrower on a 360×740 phone, from the home page to a downloaded letter that
demands the collector stop (`collector_cease`), in at most 12 screens, with JavaScript and without.

A screen is a page load or an htmx swap of the page's main content. Three invented borrowers with different
facts walk the path; each then reaches the complaint to each carrier of her collector's numbers and the
complaint to her lender, so no letter the case needs is a dead end. bench/first_letter_path.py runs this test
with ZHIRAO_SCREEN_COUNTS naming a file, gets each walk's count there and records them in docs/benchmarks.md.
"""

import json
import os
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from complaints.models import Case, Letter
from tests.browser.conftest import PHONE
from tests.guidance_routes import TREE
from tests.pdf_tools import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_SCREENS = 12
PASSWORD = "风雨无阻-Harbour-1987"


@dataclass(frozen=True)
class Borrower:
    key: str
    login: str
    name: str
    phone: str
    answers: dict  # node id -> choice value, [choice values] or {input id: typed text}
    carriers: tuple[str, ...]  # the carriers phonenumbers assigns to her collector's numbers


def _answers(**overrides) -> dict:
    answers = {
        "in_danger": "no", "threat_violence": "no", "illegal_debt": "not_sure", "collector_kind": "unknown",
        "night_contact": "no", "steps_any": "no", "wants": ["stop_harassment"],
    }
    return {**answers, **overrides}


BORROWERS = (
    # 成都: two collector numbers on two carriers' networks (170 0… China Telecom, 171 China Unicom).
    Borrower(
        key="chengdu", login="xiaolin-cd", name="林晓", phone="139 8000 1234", carriers=("中国电信", "中国联通"),
        answers=_answers(
            lender={"lender_name": "某某消费金融有限公司", "app_name": "速借花"}, lender_kind="consumer_finance",
            collector={"numbers": "170 0123 4567\n171 2345 6789", "collector_name": ""},
            channels=["call", "sms", "verification_code_bombing"], targets=["self", "contacts", "employer"],
            content=["threat_exposure", "disclose_debt"], night_contact="yes",
            volume={"max_per_day": "40", "first_seen": ""},
        ),
    ),
    # A licensed bank's credit card; the bank's collectors call her employer.
    Borrower(
        key="bank-card", login="wang-mei-88", name="王梅", phone="136 0000 5678", carriers=("中国移动",),
        answers=_answers(
            lender={"lender_name": "某某银行股份有限公司信用卡中心", "app_name": ""}, lender_kind="bank",
            illegal_debt="no", collector_kind="lender_itself",
            collector={"numbers": "138 1234 5678", "collector_name": ""},
            channels=["call"], targets=["self", "employer"], content=["disclose_debt"],
            volume={"max_per_day": "8", "first_seen": ""}, wants=["stop_harassment", "negotiate_repayment"],
        ),
    ),
    # An online lender's app; threats and insults.
    Borrower(
        key="app-lender", login="chen-gang-21", name="陈刚", phone="150 1111 2222", carriers=("中国联通", "中国电信"),
        answers=_answers(
            threat_violence="yes", lender={"lender_name": "某某网络小额贷款有限公司", "app_name": "快快贷"}, lender_kind="online_platform",
            illegal_debt="yes", collector_kind="outsourced_agency",
            collector={"numbers": "186 1234 5678\n153 1234 5678", "collector_name": ""},
            channels=["call", "sms", "wechat"], targets=["self", "family"], content=["threat_exposure", "insult"],
            night_contact="not_sure", volume={"max_per_day": "25", "first_seen": ""},
        ),
    ),
)


class ScreenCounter:
    """Counts page loads (`domcontentloaded`) and htmx responses that swap the main content."""

    def __init__(self, page):
        self.count = 0
        page.on("domcontentloaded", self._loaded)
        page.on("response", self._response)

    def _loaded(self, _page):
        self.count += 1

    def _response(self, response):
        headers = response.request.headers
        if headers.get("hx-request") == "true" and not headers.get("hx-history-restore-request") \
                and response.ok and "hx-redirect" not in response.headers:
            self.count += 1


def _fill_node(scope, node_id: str, answer) -> None:
    node = TREE.nodes[node_id]
    if node.kind == "single":
        scope.get_by_label(node.choice(answer).label.zh, exact=True).check()
    elif node.kind == "multi":
        for value in answer:
            scope.get_by_label(node.choice(value).label.zh, exact=True).check()
    for item in node.inputs:
        scope.get_by_label(item.label.zh, exact=False).first.fill(answer.get(item.id, ""))


def answer_questions(page, borrower: Borrower) -> None:
    """Answers every question screen until the review; a screen may hold one question or several."""
    while True:
        page.wait_for_load_state()
        match = re.search(r"/guide/q/([a-z0-9_]+)/$", page.url)
        if not match:
            return
        on_screen = page.locator("[data-node]")
        node_ids = [on_screen.nth(i).get_attribute("data-node") for i in range(on_screen.count())] or [match.group(1)]
        for node_id in node_ids:
            scope = page.locator(f'[data-node="{node_id}"]') if on_screen.count() else page
            _fill_node(scope, node_id, borrower.answers[node_id])
        before = page.url
        page.get_by_role("button", name="下一步").click()
        page.wait_for_function("url => location.href !== url", arg=before)


def walk_to_first_letter(page, base_url: str, borrower: Borrower) -> Case:
    page.goto(base_url + "/")
    page.get_by_role("link", name=re.compile("开始")).first.click()
    answer_questions(page, borrower)
    page.wait_for_url(re.compile(r"/guide/review/$"))
    page.get_by_role("link", name="查看我的行动计划").click()
    page.wait_for_url(re.compile(r"/guide/plan/$"))
    # The plan leads with three steps, each with its button; the one demanding the collector stop is among them.
    first = page.locator("#do-now-heading + ol > li")
    expect(first).to_have_count(3)
    # The rest of the plan is folded: at 360 px the page is about 4,000 px long (it was 8,900 with every step open).
    assert page.evaluate("document.documentElement.scrollHeight") < 5000
    first.and_(page.locator("#action-demand_collector_stop")).get_by_role("button", name=re.compile("^准备")).click()
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    page.get_by_label("登录名").fill(borrower.login)
    page.get_by_label("你的姓名（可不填）").fill(borrower.name)
    page.locator("#id_phone").fill(borrower.phone)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    page.get_by_role("link", name="我已记下，继续").click()
    # Saved, she lands on the letter she chose to prepare.
    page.wait_for_url(re.compile(r"/cases/\d+/letters/collector_cease/$"))
    return Case.objects.get(owner__username=borrower.login)


def download_letter(page) -> bytes:
    page.get_by_role("button", name="生成 PDF").click()
    page.wait_for_url(re.compile(r"/letters/sent/\d+/$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    return download_info.value.path().read_bytes()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("borrower", BORROWERS, ids=[b.key for b in BORROWERS])
def test_first_time_borrower_reaches_her_first_letter_in_twelve_screens(live_server, browse, borrower, javascript):
    page = browse(viewport=PHONE, javascript=javascript)
    counter = ScreenCounter(page)
    case = walk_to_first_letter(page, live_server.url, borrower)
    pdf = download_letter(page)
    screens = counter.count
    if os.environ.get("ZHIRAO_SCREEN_COUNTS"):
        with open(os.environ["ZHIRAO_SCREEN_COUNTS"], "a", encoding="utf-8") as out:
            out.write(json.dumps({"borrower": borrower.key, "mode": "js" if javascript else "no-js", "screens": screens}) + "\n")

    letter = Letter.objects.get(case=case, kind="collector_cease")
    text = pdf_text(pdf).replace(" ", "")
    assert borrower.name in text and letter.pdf_sha256
    assert screens <= MAX_SCREENS, f"{borrower.key}: {screens} screens from the home page to the first PDF"

    # The same case reaches a complaint to each carrier of its numbers and the complaint to the lender.
    for carrier in borrower.carriers:
        page.goto(f"{live_server.url}/cases/{case.pk}/letters/")
        page.get_by_role("link", name=re.compile(rf"致{carrier}的投诉信")).first.click()
        expect(page.locator("main .lead")).to_contain_text(carrier)  # 收件方：the carrier
        expect(page.get_by_role("button", name="生成 PDF")).to_be_visible()
    page.goto(f"{live_server.url}/cases/{case.pk}/letters/")
    page.locator(f'a[href^="/cases/{case.pk}/letters/lender_complaint/"]').first.click()
    expect(page.locator("main .lead")).to_contain_text(borrower.answers["lender"]["lender_name"])
