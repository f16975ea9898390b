"""Every root-to-plan route of the tree, answered over HTTP, ends on a plan page that shows engine.plan's output."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from guidance import clock, engine, law, schema
from guidance import tree as trees
from guidance.flow import chinese_date
from guidance.presentation import LETTER_TITLES
from tests.guidance_routes import ROUTE_IDS, ROUTE_PARAMS, ROUTES, TREE, route_answers, route_posts, screen_data
from tests.guide import guide_state

pytestmark = pytest.mark.django_db

CARD = re.compile(r'id="action-([a-z0-9_]+)"[^>]*data-status="([a-z_]+)"')


def answer_everything(client, route, today, index):
    for node_id, data in route_posts(route, today, index):
        response = client.post(reverse("guidance:question", args=[node_id]), data)
        assert response.status_code == 302, (node_id, response.content.decode()[:1500])
    assert response["Location"] == reverse("guidance:review")


def expected_plan(route, today, index):
    case = schema.parse_case_file(trees.case_from_answers(TREE, route_answers(route, today, index)), today=today)
    return engine.plan(case)


def plan_from_command_line(case: dict, today: dt.date, tmp_path) -> dict:
    """`python manage.py plan --case FILE --today DAY --json` for the case file the web flow built."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("plan", "--case", str(path), "--today", today.isoformat(), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("index", "route"), ROUTE_PARAMS, ids=ROUTE_IDS)
def test_every_route_through_http_shows_the_engines_plan(client, index, route, tmp_path):
    today = clock.today()
    answer_everything(client, route, today, index)
    assert client.get(reverse("guidance:review")).status_code == 200
    response = client.get(reverse("guidance:plan"))
    assert response.status_code == 200
    page = response.content.decode()
    plan = expected_plan(route, today, index)
    # The command line gives the same plan for the case file the answers made.
    assert plan_from_command_line(guide_state(client)["case"], today, tmp_path) == plan

    shown = CARD.findall(page)
    urgent = plan["urgent"]
    assert shown == [(a, "urgent") for a in urgent] + [
        (a["action"], a["status"]) for status in ("do_now", "waiting", "later", "done", "not_applicable")
        for a in plan["actions"] if a["status"] == status and a["action"] not in urgent
    ]
    assert len(shown) == len(plan["actions"])
    # Each card's prepare button and the save form post to the address that saves the case (reversed once a page).
    prepare = re.findall(r'<form method="post" action="([^"]*)" class="plan-card__prepare">', page)
    assert set(re.findall(r'<form method="post" action="([^"]*)"', page)) == {reverse("cases:create_from_guidance")}
    assert len(prepare) == page.count('name="letter"')
    danger = dict(route.steps)["in_danger"] == "yes" or dict(route.steps)["threat_violence"] == "yes"
    assert bool(urgent) is danger  # a person in danger or threatened with violence always gets 110 first
    banner = re.search(r'<section class="urgent".*?</section>', page, re.S)
    assert bool(banner) is danger
    if danger:
        assert "先保证安全：立即拨打 110" in banner.group() and 'href="tel:110"' in banner.group()
        assert page.index('class="urgent"') < page.index('id="do-now-heading"')
    do_now = [a["action"] for a in plan["actions"] if a["status"] == "do_now" and a["action"] not in urgent]
    if do_now:
        # The plan leads with three steps to do now (each with its button); the rest waits in a fold below them.
        first = page[page.index('id="do-now-heading"'):page.index('<details class="plan-rest">') if len(shown) - len(urgent) > 3 else None]
        assert [a for a, _status in CARD.findall(first)] == do_now[:3]
        assert plan["next"] in (do_now[0], *urgent)
    for action in plan["actions"]:
        assert action["title"] in page
        if action["letter"] and action["status"] in ("do_now", "waiting", "later"):
            assert str(LETTER_TITLES[action["letter"]]) in page
        if action["status"] == "waiting":
            until = dt.date.fromisoformat(action["until"])
            days = (until - today).days
            assert f"等待至 {chinese_date(action['until'], 'zh-hans')}（还剩 {days} 天）" in page
        shown_as_card = action["status"] in ("do_now", "waiting", "later")
        for citation in action["citations"] if shown_as_card else ():
            text, _complete = law.article_excerpt(citation["law"], citation["article"])
            assert f"《{law.law_title(citation['law'])}》{citation['article']}" in page
            assert text.split("\n")[0][:30] in page


def test_plan_page_shows_the_exact_article_text_and_flags_secondary_texts(client):
    today = clock.today()
    route = next(r for r in ROUTES if dict(r.steps).get("step_complain_carrier") in ("no_reply", "continued"))
    index = ROUTES.index(route)
    answer_everything(client, route, today, index)
    page = client.get(reverse("guidance:plan")).content.decode()
    plan = expected_plan(route, today, index)
    cited = {(c["law"], c["article"]) for a in plan["actions"] for c in a["citations"]}
    assert ("telecom_user_appeal_measures", "第十条") in cited
    article = law.article_text("telecom_user_appeal_measures", "第十条").replace("\n", "<br>")
    # The secondary source is named for legal workers, in the card's fold rather than in the borrower's text.
    start = page.index('id="action-appeal_miit"')
    card = page[start:page.index('id="action-', start + 1)]
    fold = card[card.index('<details class="legal-details">'):]
    assert "以下条文来自二手来源，尚未与官方文本核对：" in fold
    assert "《电信用户申诉处理办法》第十条" in fold
    assert article in page
    civil = law.article_text("civil_code", "第一千零三十三条").replace("\n", "<br>")
    assert civil in page


def test_waiting_card_counts_the_days_in_chinese(client):
    # A bank was complained to three days ago: its 15-day answer period is still running.
    today = clock.today()
    route = next(r for r in ROUTES if dict(r.steps).get("step_complain_lender") == "no_reply")
    index = next(i for i, r in enumerate(ROUTES) if r == route)
    posts = route_posts(route, today, index)
    for node_id, data in posts:
        if node_id.endswith("_date"):
            data = screen_data(node_id, {"on": (today - dt.timedelta(days=3)).isoformat()})
        if "lender_kind-choice" in data:
            data = {**data, **screen_data("lender_kind", {"choice": "bank"})}
        client.post(reverse("guidance:question", args=[node_id]), data)
    page = client.get(reverse("guidance:plan")).content.decode()
    case = schema.parse_case_file(guide_state(client)["case"], today=today)
    plan = engine.plan(case)
    waiting = [a for a in plan["actions"] if a["status"] == "waiting"]
    assert waiting, plan
    for action in waiting:
        until = dt.date.fromisoformat(action["until"])
        assert f"等待至 {until.year}年{until.month}月{until.day}日（还剩 {(until - today).days} 天）" in page


def test_plan_in_english(client):
    today = clock.today()
    answer_everything(client, ROUTES[0], today, 0)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("guidance:plan")).content.decode()
    plan = expected_plan(ROUTES[0], today, 0)
    assert "Your action plan" in page and "Safety first: call 110 now" in page
    for action in plan["actions"]:
        assert escape(action["title_en"]) in page


def test_save_my_case_without_an_account_keeps_the_answers(client):
    today = clock.today()
    answer_everything(client, ROUTES[-1], today, len(ROUTES) - 1)
    page = client.get(reverse("guidance:plan")).content.decode()
    assert "保存我的案件" in page
    answers = guide_state(client)["answers"]
    client.get(reverse("home"))
    assert guide_state(client)["answers"] == answers


def test_save_my_case_from_the_plan_page_creates_the_case_once_logged_in(client):
    from complaints.models import Case
    from tests.factories import BorrowerFactory

    today = clock.today()
    route = next(r for r in ROUTES if dict(r.steps).get("step_complain_lender") == "no_reply")
    index = ROUTES.index(route)
    answer_everything(client, route, today, index)
    page = client.get(reverse("guidance:plan")).content.decode()
    save = reverse("cases:create_from_guidance")
    assert f'<form method="post" action="{save}">' in page
    assert f'<form method="post" action="{save}" class="plan-card__prepare">' in page  # a button per first step
    # Not logged in: sent to sign up, answers kept.
    response = client.post(save)
    assert response.status_code == 302 and response["Location"].startswith(reverse("signup"))
    assert guide_state(client)["answers"]
    user = BorrowerFactory()
    client.force_login(user)
    client.post(save)
    case = Case.objects.get(owner=user)
    assert case.tree_version == TREE.version
    built = guide_state(client)["case"]
    assert case.data["lender"] == built["lender"]
    assert case.data["steps_taken"] == built["steps_taken"]
    # Changing an answer afterwards keeps the saved case's link (no second copy on saving again).
    loan = [node.id for node in trees.screen_nodes(TREE, "lender_kind")]
    kept = guide_state(client)["answers"]
    data = {f"{node_id}-{key}": value for node_id in loan for key, value in kept[node_id].get("values", {}).items()}
    data |= {f"{node_id}-choice": kept[node_id]["choice"] for node_id in loan if "choice" in kept[node_id]}
    client.post(reverse("guidance:question", args=[loan[0]]) + "?return=review", {**data, "lender_kind-choice": "bank"})
    assert guide_state(client)["saved_case_id"] == case.pk
