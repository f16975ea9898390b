"""The borrower's plan carries no internal jargon: what Zhirao's law texts lack, secondary sources, archive formats,
template versions and checksums are for legal workers and sit in their fold ("给法律工作者的详细信息")."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from complaints.services.cases import case_create
from guidance import clock
from tests.factories import UserFactory
from tests.guidance_routes import ROUTES
from tests.integration.test_guidance_plan import answer_everything
from tests.integration.test_hub_links import ADDRESS, CASES

pytestmark = pytest.mark.django_db

JARGON = ("本工具的法律资料", "二手", "SHA-256", "PDF/A", "模板版本", "law texts", "secondary")
LEGAL_FOLD = re.compile(r'<details class="legal-details">.*?</details>', re.S)
HUB_CASES = {
    **CASES,
    "microloan, costly debt, wants to negotiate": {
        "lender": {"kind": "microloan", "illegal_debt_signs": True}, "wants": ["negotiate_repayment"],
        "collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["call", "sms"]}},
    "carrier complained to, appeal waiting": {
        "collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["call"]},
        "steps_taken": [{"action": "complain_carrier", "on": clock.today().isoformat(), "result": "no_reply"}]},
    "sued": {"court_papers": {"kind": "complaint_copy", "received_on": clock.today().isoformat()}},
}
# Routes through the guide spread over its answers (carrier steps taken or not, lenders of every kind).
PLAN_ROUTES = ROUTES[::13]


def _borrower_visible(page: str) -> tuple[str, str]:
    """The page without its legal-worker folds, and the folds' text."""
    return LEGAL_FOLD.sub("", page), "".join(LEGAL_FOLD.findall(page))


def _assert_plain(page: str, where: str) -> str:
    visible, folds = _borrower_visible(page)
    for word in JARGON:
        assert word not in visible, f"{where}: {word!r} outside the fold: …{visible[max(0, visible.index(word) - 200):visible.index(word) + 50]}…"
    return folds


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_hub_shows_legal_details_only_in_the_fold(client, language):
    folds = ""
    for name, facts in HUB_CASES.items():
        owner = UserFactory()
        data = {"borrower": {"name": "赵敏", "phone": "+8613900139000", "address": ADDRESS}, **facts,
                "today": clock.today().isoformat()}
        case = case_create(owner=owner, actor=owner, data=data)
        client.force_login(owner)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        hub = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
        assert hub.status_code == 200
        folds += _assert_plain(hub.content.decode(), f"{name} ({language})")
    # The details are still there, for legal workers.
    assert ("本工具的法律资料" if language == "zh-hans" else "law texts") in folds
    assert ("二手" if language == "zh-hans" else "secondary") in folds


def test_the_guide_plan_shows_legal_details_only_in_the_fold(client):
    today = clock.today()
    folds = ""
    for route in PLAN_ROUTES:
        client.cookies.clear()
        answer_everything(client, route, today, ROUTES.index(route))
        page = client.get(reverse("guidance:plan"))
        assert page.status_code == 200
        folds += _assert_plain(page.content.decode(), str(route.steps))
    assert "本工具的法律资料" in folds and "二手" in folds
