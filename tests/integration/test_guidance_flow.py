"""The borrower's question flow over HTTP: one question per screen, no-JS posts, htmx partials, back and change."""

import re

import pytest
from django.urls import reverse

from guidance import tree as trees
from tests.guidance_routes import ROUTES, TREE, route_posts

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def q(node_id, **params):
    url = reverse("guidance:question", args=[node_id])
    return url + ("?return=review" if params.get("review") else "")


def answer_route(client, route, *, upto=None):
    for node_id, data in route_posts(route):
        if node_id == upto:
            return
        response = client.post(q(node_id), data)
        assert response.status_code == 302, (node_id, response.content.decode()[:2000])


def test_home_page_links_to_the_questions(client):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("guidance:start")}"' in page
    assert "开始" in page


def test_start_page_then_first_question(client):
    page = client.get(reverse("guidance:start")).content.decode()
    assert f'href="{q(TREE.start)}"' in page
    response = client.get(q(TREE.start))
    page = response.content.decode()
    assert response.status_code == 200
    assert "你现在有人身危险吗？" in page
    assert page.count('type="radio" name="choice"') == 2
    assert "<details class=\"why\">" in page and "为什么问这个？" in page
    assert 'id="question-progress"' in page and "第 1 题" in page
    assert f'data-hx-post="{q(TREE.start)}"' in page and 'method="post"' in page


def test_without_javascript_each_answer_is_a_post_and_a_redirect(client):
    response = client.post(q("in_danger"), {"choice": "no"})
    assert response.status_code == 302 and response["Location"] == q("threat_violence")
    session = client.session["guidance"]
    assert session["tree"] == {"id": "escalation", "version": "2026-12"}
    assert session["answers"] == {"in_danger": {"choice": "no"}}
    assert session["case"] == {"spec": "zhirao-case/1", "safety": {"in_danger_now": False}}
    page = client.get(response["Location"]).content.decode()
    assert "催收的人有没有说过要伤害你或你的家人？" in page
    assert "第 2 题" in page
    assert f'href="{q("in_danger")}"' in page  # the way back


def test_danger_leads_to_call_110_before_anything_else(client):
    response = client.post(q("in_danger"), {"choice": "yes"})
    assert response["Location"] == q("call_110_first")
    page = client.get(response["Location"]).content.decode()
    assert 'href="tel:110"' in page and "请先拨打 110 报警" in page
    assert client.post(q("call_110_first"), {})["Location"] == q("threat_violence")


def test_questions_cannot_be_skipped_by_url(client):
    response = client.get(q("wants"))
    assert response.status_code == 302 and response["Location"] == q(TREE.start)
    client.post(q("in_danger"), {"choice": "no"})
    assert client.get(q("lender_kind"))["Location"] == q("threat_violence")
    assert client.get(reverse("guidance:review"))["Location"] == q("threat_violence")
    assert client.get(reverse("guidance:plan"))["Location"] == q("threat_violence")
    assert client.get(q("no_such_question")).status_code == 404


def test_missing_choice_is_an_error_in_chinese_announced_to_screen_readers(client):
    response = client.post(q("in_danger"), {})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<p id="choice-error" class="field__error" role="alert">请选择一项。</p>' in page
    assert 'aria-describedby="choice-error"' in page
    assert "guidance" not in client.session


def test_free_input_errors_are_in_chinese_and_keep_what_was_typed(client):
    route = next(r for r in ROUTES if dict(r.steps).get("step_demand_collector_stop") == "no_reply")
    answer_route(client, route, upto="step_demand_collector_stop_date")
    response = client.post(q("step_demand_collector_stop_date"), {"on": "2026-02-30"})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<span class="field__error" id="error-on" role="alert">这个日期不存在，请检查月份和日子。</span>' in page
    assert re.search(r'<input id="input-on" name="on" value="2026-02-30"\s+type="date"', page)
    assert 'aria-describedby="help-on error-on"' in page and 'aria-invalid="true"' in page
    assert '<label for="input-on">' in page
    assert "step_demand_collector_stop_date" not in client.session["guidance"]["answers"]


def test_collector_numbers_typed_loosely_are_stored_normalised(client):
    answer_route(client, ROUTES[-1], upto="collector")
    response = client.post(q("collector"), {"numbers": "170 1234 5678\n0086 138-0013-8000", "collector_name": " 某某 公司 "})
    assert response.status_code == 302
    case = client.session["guidance"]["case"]
    assert case["collector"]["numbers"] == ["+8617012345678", "+8613800138000"]
    assert case["collector"]["name"] == "某某 公司"
    page = client.get(q("collector")).content.decode()
    assert "+8617012345678\n+8613800138000</textarea>" in page


def test_htmx_request_gets_only_the_question_region(client):
    response = client.get(q(TREE.start), **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="question"')
    assert "<html" not in page and "site-header" not in page
    assert "HX-Request" in response["Vary"]
    full = client.get(q(TREE.start))
    assert "<html" in full.content.decode()


def test_htmx_post_swaps_in_the_next_question_and_pushes_its_url(client):
    response = client.post(q("in_danger"), {"choice": "no"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == q("threat_violence")
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="question"')
    assert "催收的人有没有说过要伤害你或你的家人？" in page
    assert "<title>" in page  # htmx updates the document title from it


def test_htmx_post_with_an_error_swaps_the_error_in(client):
    response = client.post(q("in_danger"), {}, **HTMX)
    assert response.status_code == 200  # htmx only swaps successful responses
    assert 'role="alert">请选择一项。' in response.content.decode()


def test_htmx_history_restore_gets_the_full_page(client):
    page = client.get(q(TREE.start), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert "<html" in page


def test_last_answer_leads_to_the_review_and_htmx_gets_a_full_redirect(client):
    route = ROUTES[-1]
    answer_route(client, route, upto="wants")
    response = client.post(q("wants"), {"choice": ["stop_harassment", "delete_my_data"]}, **HTMX)
    assert response["HX-Redirect"] == reverse("guidance:review")


def test_review_lists_every_answer_with_a_change_link(client):
    route = ROUTES[-1]
    answer_route(client, route)
    response = client.get(reverse("guidance:review"))
    page = response.content.decode()
    asked = [node_id for node_id, _ in route.steps if TREE.nodes[node_id].kind != "notice"]
    assert page.count('class="review__change"') == len(asked)
    for node_id in asked:
        assert f'href="{q(node_id, review=True)}" aria-describedby="review-q-{node_id}">修改</a>' in page
        assert TREE.nodes[node_id].text.zh in page
    assert "某某消费金融有限公司" in page
    assert "+8617012345678、+8613800138000、10690000123456" in page
    assert f'href="{reverse("guidance:plan")}"' in page


def test_changing_an_answer_from_the_review_keeps_later_answers(client):
    route = next(r for r in ROUTES if dict(r.steps).get("step_complain_lender") not in (None, "not_yet"))
    answer_route(client, route)
    before = client.session["guidance"]["answers"]
    page = client.get(q("lender_kind", review=True)).content.decode()
    assert "保存并返回核对" in page and 'checked' in page
    response = client.post(q("lender_kind", review=True), {"choice": "unlicensed"})
    # Every later answer still applies, so the borrower goes straight back to the review.
    assert response["Location"] == reverse("guidance:review")
    after = client.session["guidance"]["answers"]
    assert after["lender_kind"] == {"choice": "unlicensed"}
    assert {key: value for key, value in after.items() if key != "lender_kind"} == {
        key: value for key, value in before.items() if key != "lender_kind"}
    assert client.session["guidance"]["case"]["lender"]["kind"] == "unlicensed"


def test_changing_an_answer_onto_a_new_branch_asks_only_the_new_questions(client):
    route = next(r for r in ROUTES if dict(r.steps).get("steps_any") == "no")
    answer_route(client, route)
    response = client.post(q("steps_any", review=True), {"choice": "yes"})
    assert response["Location"] == q("step_demand_collector_stop", review=True)
    response = client.post(q("step_demand_collector_stop", review=True), {"choice": "no_reply"})
    assert response["Location"] == q("step_demand_collector_stop_date", review=True)
    response = client.post(q("step_demand_collector_stop_date", review=True), {"on": "2026-11-01"})
    assert response["Location"] == q("step_complain_lender", review=True)
    for node_id in ("step_complain_lender", "step_complain_carrier", "step_appeal_miit", "step_complain_regulator"):
        client.post(q(node_id, review=True), {"choice": "not_yet"})
    response = client.post(q("step_report_police", review=True), {"choice": "not_yet"})
    assert response["Location"] == reverse("guidance:review")  # `wants` was answered before and still applies
    case = client.session["guidance"]["case"]
    assert case["steps_taken"] == [{"action": "demand_collector_stop", "result": "no_reply", "on": "2026-11-01"}]
    assert case["wants"]


def test_going_back_shows_the_earlier_answer_and_keeps_the_later_ones(client):
    route = ROUTES[-1]
    answer_route(client, route, upto="channels")
    page = client.get(q("lender_kind")).content.decode()
    chosen = dict(route.steps)["lender_kind"]
    assert re.search(rf'value="{chosen}" checked', page)
    response = client.post(q("lender_kind"), {"choice": "bank"})
    assert response["Location"] == q("illegal_debt")  # forward again, one screen at a time
    page = client.get(q("collector")).content.decode()
    assert "某某信息咨询有限公司" in page  # a later answer, kept
    assert client.session["guidance"]["case"]["lender"]["kind"] == "bank"


def test_restart_clears_the_answers(client):
    answer_route(client, ROUTES[-1], upto="lender")
    page = client.get(reverse("guidance:start")).content.decode()
    assert "继续回答" in page and f'href="{q("lender")}"' in page
    response = client.post(reverse("guidance:restart"))
    assert response["Location"] == q(TREE.start)
    assert "guidance" not in client.session


def test_questions_in_english(client):
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(q(TREE.start)).content.decode()
    assert "Are you in physical danger right now?" in page
    assert "Why do we ask?" in page
    response = client.post(q(TREE.start), {})
    assert "Please choose one." in response.content.decode()


def test_a_case_answered_under_a_version_keeps_it(client):
    answer_route(client, ROUTES[-1], upto="lender")
    session = client.session
    assert session["guidance"]["tree"]["version"] == TREE.version
    assert trees.versions("escalation")[-1] == TREE.version
