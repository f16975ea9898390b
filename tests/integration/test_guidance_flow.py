"""The borrower's question flow over HTTP: a few questions per screen, no-JS posts, htmx partials, back and change."""

import re

import pytest
from django.urls import reverse

from guidance import tree as trees
from tests.guidance_routes import ROUTES, TREE, route_posts, screen_data
from tests.guide import guide_state

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SAFE = {"threat_violence-choice": "no", "in_danger-choice": "no"}  # the first screen: both safety questions


def kept_screen(client, node_id) -> dict:
    """The POST data of a screen as the borrower's kept answers fill it in (she changes one thing and sends it)."""
    answers = guide_state(client)["answers"]
    data = {}
    for node in trees.screen_nodes(TREE, node_id):
        answer = answers[node.id]
        if "choice" in answer or "choices" in answer:
            data[f"{node.id}-choice"] = answer.get("choices", answer.get("choice"))
        for key, value in answer.get("values", {}).items():
            data[f"{node.id}-{key}"] = "\n".join(value) if isinstance(value, list) else value
    return data


def q(node_id, **params):
    url = reverse("guidance:question", args=[node_id])
    return url + ("?return=review" if params.get("review") else "")


def answer_route(client, route, *, upto=None):
    for node_id, data in route_posts(route):
        if node_id == upto:
            return
        response = client.post(q(node_id), data)
        assert response.status_code == 302, (node_id, response.content.decode()[:2000])


def test_home_page_is_the_guides_start(client):
    # No separate intro page on the way: the home page's start opens the first screen of questions.
    page = client.get(reverse("home")).content.decode()
    assert f'href="{q(TREE.start)}"' in page
    assert "不需要注册。你的回答只保存在这个浏览器的会话里。" in page
    client.post(q(TREE.start), SAFE)
    page = client.get(reverse("home")).content.decode()
    assert "继续回答" in page and f'href="{q("lender")}"' in page


def test_first_screen_asks_both_safety_questions(client):
    page = client.get(reverse("guidance:start")).content.decode()
    assert f'href="{q(TREE.start)}"' in page
    response = client.get(q(TREE.start))
    page = response.content.decode()
    assert response.status_code == 200
    assert [node.id for node in trees.screen_nodes(TREE, TREE.start)] == ["threat_violence", "in_danger"]
    assert "<h1" in page and "先确认你的安全" in page
    assert "你现在有人身危险吗？" in page and "催收的人有没有说过要伤害你或你的家人？" in page
    assert page.count('type="radio" name="in_danger-choice"') == 2
    assert page.count('type="radio" name="threat_violence-choice"') == 2
    assert page.count("<details class=\"why\">") == 2 and "为什么问这个？" in page
    assert 'id="question-progress"' in page and "第 1 步，共约 4 步" in page
    assert f'data-hx-post="{q(TREE.start)}"' in page and 'method="post"' in page
    assert f'href="{reverse("home")}"' in page  # the way back from the first screen


def test_without_javascript_each_screen_is_a_post_and_a_redirect(client):
    response = client.post(q(TREE.start), SAFE)
    assert response.status_code == 302 and response["Location"] == q("lender")
    session = guide_state(client)
    assert session["tree"] == {"id": "escalation", "version": TREE.version}
    assert session["answers"] == {"threat_violence": {"choice": "no"}, "in_danger": {"choice": "no"}}
    assert session["case"] == {"spec": "zhirao-case/1", "safety": {"in_danger_now": False}}
    page = client.get(response["Location"]).content.decode()
    assert "你是向谁借的钱？" in page and "借钱给你的是哪一类机构？" in page and "是谁在催收？" in page
    assert "第 2 步" in page
    assert f'href="{q(TREE.start)}"' in page  # the way back


def test_a_later_question_of_a_screen_has_the_screens_address(client):
    client.post(q(TREE.start), SAFE)
    assert client.get(q("lender_kind"))["Location"] == q("lender")
    assert client.get(q("lender_kind", review=True))["Location"] == q("lender", review=True)


def test_danger_leads_to_call_110_before_anything_else(client):
    response = client.post(q(TREE.start), {**SAFE, "in_danger-choice": "yes"})
    assert response["Location"] == q("call_110_first")
    page = client.get(response["Location"]).content.decode()
    assert 'href="tel:110"' in page and "请先拨打 110 报警" in page
    assert client.post(q("call_110_first"), {})["Location"] == q("lender")


def test_questions_cannot_be_skipped_by_url(client):
    response = client.get(q("wants"))
    assert response.status_code == 302 and response["Location"] == q(TREE.start)
    client.post(q(TREE.start), SAFE)
    assert client.get(q("channels"))["Location"] == q("lender")
    assert client.get(reverse("guidance:review"))["Location"] == q("lender")
    assert client.get(reverse("guidance:plan"))["Location"] == q("lender")
    assert client.get(q("no_such_question")).status_code == 404


def test_missing_choice_is_an_error_in_chinese_announced_to_screen_readers(client):
    response = client.post(q(TREE.start), {"threat_violence-choice": "no"})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<p id="in_danger-choice-error" class="field__error" role="alert">请选择一项。</p>' in page
    assert 'aria-describedby="in_danger-choice-error"' in page
    assert 'value="no" checked' in page  # the answer given on the same screen is kept
    assert guide_state(client) is None


def test_free_input_errors_are_in_chinese_and_keep_what_was_typed(client):
    route = next(r for r in ROUTES if dict(r.steps).get("step_demand_collector_stop") == "no_reply")
    answer_route(client, route, upto="step_demand_collector_stop_date")
    response = client.post(q("step_demand_collector_stop_date"), screen_data("step_demand_collector_stop_date", {"on": "2026-02-30"}))
    assert response.status_code == 422
    page = response.content.decode()
    field = "step_demand_collector_stop_date-on"
    assert f'<span class="field__error" id="error-{field}" role="alert">这个日期不存在，请检查月份和日子。</span>' in page
    assert re.search(rf'<input id="input-{field}" name="{field}" value="2026-02-30"\s+type="date"', page)
    assert f'aria-describedby="help-{field} error-{field}"' in page and 'aria-invalid="true"' in page
    assert f'<label for="input-{field}">' in page
    assert "step_demand_collector_stop_date" not in guide_state(client)["answers"]


def test_collector_numbers_typed_loosely_are_stored_normalised(client):
    route = ROUTES[-1]
    answer_route(client, route, upto="collector")
    data = dict(next(data for node_id, data in route_posts(route) if node_id == "collector"))
    data |= {"collector-numbers": "170 1234 5678\n0086 138-0013-8000", "collector-collector_name": " 某某 公司 "}
    response = client.post(q("collector"), data)
    assert response.status_code == 302
    case = guide_state(client)["case"]
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
    response = client.post(q(TREE.start), SAFE, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == q("lender")
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="question"')
    assert "你是向谁借的钱？" in page
    assert "<title>" in page  # htmx updates the document title from it


def test_htmx_post_with_an_error_swaps_the_error_in(client):
    response = client.post(q(TREE.start), {}, **HTMX)
    assert response.status_code == 200  # htmx only swaps successful responses
    assert 'role="alert">请选择一项。' in response.content.decode()


def test_htmx_history_restore_gets_the_full_page(client):
    page = client.get(q(TREE.start), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert "<html" in page


def test_last_answer_leads_to_the_review_and_htmx_gets_a_full_redirect(client):
    route = ROUTES[-1]
    last, data = route_posts(route)[-1]
    answer_route(client, route, upto=last)
    response = client.post(q(last), data, **HTMX)
    assert response["HX-Redirect"] == reverse("guidance:review")


def test_review_lists_every_answer_with_a_change_link(client):
    route = ROUTES[-1]
    answer_route(client, route)
    response = client.get(reverse("guidance:review"))
    page = response.content.decode()
    asked = [node_id for node_id, _ in route.steps if TREE.nodes[node_id].kind != "notice"]
    assert page.count('class="review__change"') == len(asked)
    for node_id in asked:
        screen = trees.screen_nodes(TREE, node_id)[0].id
        assert f'href="{q(screen, review=True)}#q-{node_id}" aria-describedby="review-q-{node_id}">修改</a>' in page
        assert TREE.nodes[node_id].text.zh in page
    assert "某某消费金融有限公司" in page
    assert "+8617012345678、+8613800138000、10690000123456" in page
    assert f'href="{reverse("guidance:plan")}"' in page


def test_changing_an_answer_from_the_review_keeps_later_answers(client):
    route = next(r for r in ROUTES if dict(r.steps).get("step_complain_lender") not in (None, "not_yet"))
    answer_route(client, route)
    before = guide_state(client)["answers"]
    page = client.get(q("lender", review=True)).content.decode()
    assert "保存并返回核对" in page and 'checked' in page
    response = client.post(q("lender", review=True), {**kept_screen(client, "lender"), "lender_kind-choice": "unlicensed"})
    # Every later answer still applies, so the borrower goes straight back to the review.
    assert response["Location"] == reverse("guidance:review")
    after = guide_state(client)["answers"]
    assert after["lender_kind"] == {"choice": "unlicensed"}
    assert {key: value for key, value in after.items() if key != "lender_kind"} == {
        key: value for key, value in before.items() if key != "lender_kind"}
    assert guide_state(client)["case"]["lender"]["kind"] == "unlicensed"


def test_changing_an_answer_onto_a_new_branch_asks_only_the_new_questions(client):
    route = next(r for r in ROUTES if dict(r.steps).get("steps_any") == "no")
    answer_route(client, route)
    response = client.post(q("night_contact", review=True), {**kept_screen(client, "night_contact"), "steps_any-choice": "yes"})
    assert response["Location"] == q("step_demand_collector_stop", review=True)
    response = client.post(q("step_demand_collector_stop", review=True), {"step_demand_collector_stop-choice": "no_reply"})
    assert response["Location"] == q("step_demand_collector_stop_date", review=True)
    response = client.post(q("step_demand_collector_stop_date", review=True), {"step_demand_collector_stop_date-on": "2026-11-01"})
    assert response["Location"] == q("step_complain_lender", review=True)
    for node_id in ("step_complain_lender", "step_complain_carrier", "step_appeal_miit", "step_complain_regulator"):
        client.post(q(node_id, review=True), {f"{node_id}-choice": "not_yet"})
    response = client.post(q("step_report_police", review=True), {"step_report_police-choice": "not_yet"})
    assert response["Location"] == reverse("guidance:review")  # `wants`, on the screen before, still applies
    case = guide_state(client)["case"]
    assert case["steps_taken"] == [{"action": "demand_collector_stop", "result": "no_reply", "on": "2026-11-01"}]
    assert case["wants"]


def test_going_back_shows_the_earlier_answer_and_keeps_the_later_ones(client):
    route = ROUTES[-1]
    answer_route(client, route, upto="night_contact")
    page = client.get(q("lender")).content.decode()
    chosen = dict(route.steps)["lender_kind"]
    assert re.search(rf'name="lender_kind-choice" value="{chosen}" checked', page)
    response = client.post(q("lender"), {**kept_screen(client, "lender"), "lender_kind-choice": "bank"})
    assert response["Location"] == q("collector")  # forward again, one screen at a time
    page = client.get(q("collector")).content.decode()
    assert "某某信息咨询有限公司" in page  # a later answer, kept
    assert guide_state(client)["case"]["lender"]["kind"] == "bank"


def test_restart_clears_the_answers(client):
    answer_route(client, ROUTES[-1], upto="lender")
    page = client.get(reverse("guidance:start")).content.decode()
    assert "继续回答" in page and f'href="{q("lender")}"' in page
    response = client.post(reverse("guidance:restart"))
    assert response["Location"] == q(TREE.start)
    assert guide_state(client) is None


def test_questions_in_english(client):
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(q(TREE.start)).content.decode()
    assert "Are you in physical danger right now?" in page
    assert "Why do we ask?" in page
    response = client.post(q(TREE.start), {})
    assert "Please choose one." in response.content.decode()


def test_a_case_answered_under_a_version_keeps_it(client):
    answer_route(client, ROUTES[-1], upto="lender")
    assert guide_state(client)["tree"]["version"] == TREE.version
    assert trees.versions("escalation")[-1] == TREE.version
