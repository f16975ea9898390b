"""Where the guide keeps answers (guidance.guide_state): an encrypted cookie, the session only when too long for one."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from complaints.models import User
from guidance import guide_state as store
from guidance import tree as trees
from tests.guidance_routes import ROUTES, TREE, route_posts
from tests.guide import give_guide_state, guide_state

pytestmark = pytest.mark.django_db


def walk(client, route=ROUTES[0]):
    for node_id, data in route_posts(route):
        response = client.post(reverse("guidance:question", args=[node_id]), data)
        assert response.status_code in (200, 302), response.content.decode()[:500]


def test_walking_the_guide_to_the_plan_stores_nothing_on_the_server(client):
    walk(client)
    page = client.get(reverse("guidance:plan"))
    assert page.status_code == 200 and "你的行动计划" in page.content.decode()
    assert not Session.objects.exists()
    cookie = client.cookies[store.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 0
    assert guide_state(client)["answers"]
    assert "Cookie" in page["Vary"] and "private" in page["Cache-Control"]  # no shared cache keeps her plan


def test_each_screens_answers_are_still_there_on_the_next_one(client):
    (first, first_data), (second, second_data) = route_posts(ROUTES[0])[:2]
    assert client.post(reverse("guidance:question", args=[first]), first_data).status_code == 302
    assert client.post(reverse("guidance:question", args=[second]), second_data).status_code == 302
    answers = guide_state(client)["answers"]
    assert {node.id for node in trees.screen_nodes(TREE, first) + trees.screen_nodes(TREE, second)} <= set(answers)


def test_the_cookie_is_secure_where_sessions_are(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    walk(client, ROUTES[1])
    assert client.cookies[store.COOKIE_NAME]["secure"]


def test_answers_too_long_for_a_cookie_stay_in_the_session_then_move_back(client, monkeypatch):
    monkeypatch.setattr(store, "COOKIE_MAX_BYTES", 40)
    walk(client)
    assert not client.cookies.get(store.COOKIE_NAME) or not client.cookies[store.COOKIE_NAME].value
    kept = client.session[store.SESSION_KEY]
    assert kept["answers"] and client.get(reverse("guidance:plan")).status_code == 200
    monkeypatch.setattr(store, "COOKIE_MAX_BYTES", 3800)
    client.post(reverse("guidance:restart"))
    walk(client)
    assert store.SESSION_KEY not in client.session  # never in both places
    assert guide_state(client)["answers"] == kept["answers"]


def test_answers_kept_in_the_session_before_the_cookie_are_still_found_and_moved(client):
    walk(client)
    state = guide_state(client)
    client.cookies.pop(store.COOKIE_NAME)
    session = client.session
    session[store.SESSION_KEY] = state
    session.save()
    assert "你的行动计划" in client.get(reverse("guidance:plan")).content.decode()
    first_screen, data = next(iter(route_posts(ROUTES[0])))
    client.post(reverse("guidance:question", args=[first_screen]), data)  # the next answer writes the cookie
    assert store.SESSION_KEY not in client.session
    assert guide_state(client)["answers"] == state["answers"]


def test_a_changed_cookie_counts_as_no_answers(client):
    walk(client)
    value = client.cookies[store.COOKIE_NAME].value
    client.cookies[store.COOKIE_NAME] = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    response = client.get(reverse("guidance:plan"))
    assert response.status_code == 302  # back to the first question: nothing answered
    assert guide_state(client) is None


def test_logging_out_forgets_the_answers(client):
    user = User.objects.create_user(username="+8613800138001", phone="+8613800138001", password="x")
    client.force_login(user)
    give_guide_state(client, {"tree": {"id": "escalation"}, "answers": {"threat_violence": {"choice": "no"}}})
    assert guide_state(client)["answers"]
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.cookies[store.COOKIE_NAME].value == "" and guide_state(client) is None
