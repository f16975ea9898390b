"""Every link the case hub shows answers: no dead ends for a borrower who follows the plan (issue: the borrower's path)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from complaints.services.cases import case_create
from guidance import clock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"province": "四川省", "city": "成都市", "district": "武侯区", "street": "人民南路4段1号", "postcode": "610041"}
CASES = {
    "one carrier": {"collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["sms"]}},
    "two carriers, one complained to": {
        "collector": {"numbers": ["+8617012345678", "+8618612345678"]},
        "harassment": {"channels": ["sms", "verification_code_bombing"], "targets": ["self", "contacts"], "night_contact": True},
        "steps_taken": [{"action": "complain_carrier", "on": "2026-03-01", "result": "continued", "target": "中国联通"}],
    },
    "numbers whose carrier is unknown": {"collector": {"numbers": ["10690000123456", "+8617112345678"]}},
    "no numbers, a bank": {"lender": {"name": "某某银行", "kind": "bank", "address": ADDRESS},
                           "harassment": {"channels": ["visit"], "content": ["threat_exposure"]}},
    "unlicensed lender, threats": {"lender": {"kind": "unlicensed"}, "harassment": {"content": ["threat_violence", "insult"]},
                                   "safety": {"in_danger_now": True}},
    "court papers received": {"court_papers": {"kind": "payment_order", "received_on": "2026-03-01"},
                              "harassment": {"content": ["false_legal_threat"]}},
}


def _links(page: str) -> list[str]:
    hrefs = {unescape(href) for href in re.findall(r'href="([^"]+)"', page)}
    return sorted(href for href in hrefs if href.startswith("/") and not href.startswith("/static/"))


@pytest.mark.parametrize("name", CASES)
def test_every_link_of_the_hub_answers(client, name):
    owner = UserFactory()
    data = {"borrower": {"name": "赵敏", "phone": "+8613900139000", "address": ADDRESS}, **CASES[name],
            "today": clock.today().isoformat()}
    case = case_create(owner=owner, actor=owner, data=data)
    client.force_login(owner)
    hub = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert hub.status_code == 200
    links = _links(hub.content.decode())
    assert any("/letters/" in link for link in links) or name == "unlicensed lender, threats", links
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, f"{name}: {link} answered {response.status_code}"
