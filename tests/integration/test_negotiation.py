"""Negotiating repayment: the borrower's monthly figures, kept in her case (`negotiation`), give an affordable monthly
amount and number of instalments; the ladder's warning against paid debt "optimisation" services is shown."""

import pytest
from django.urls import reverse

from complaints.models import AuditEvent
from complaints.services.cases import case_create
from guidance.negotiation import paid_services_warning
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    return case_create(owner=owner, actor=owner, data={"lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
                                                         "wants": ["stop_harassment", "negotiate_repayment"]})


def test_the_figures_are_kept_in_the_case_and_give_the_offer(client, case):
    client.force_login(case.owner)
    url = reverse("cases:negotiation", kwargs={"case_id": case.pk})
    page = client.get(url).content.decode()
    assert paid_services_warning().zh in page
    response = client.post(url, {"monthly_income": "6000", "essential_spending": "4000", "amount_owed": "12000"}, follow=True)
    page = response.content.decode()
    case.refresh_from_db()
    assert case.data["negotiation"] == {"monthly_income": 6000, "essential_spending": 4000, "amount_owed": 12000}
    assert "1000 元" in page and "12 期" in page and "不是法律规定" in page
    assert paid_services_warning().zh in page
    assert reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "repayment_proposal"}) in page
    assert AuditEvent.objects.filter(action="case.section_update", case_id=case.pk, new_value__section="negotiation").exists()

    client.post(url, {"clear": "1"})
    case.refresh_from_db()
    assert "negotiation" not in case.data


def test_income_without_spending_is_refused(client, case):
    client.force_login(case.owner)
    response = client.post(reverse("cases:negotiation", kwargs={"case_id": case.pk}), {"monthly_income": "6000"})
    assert "请同时填写每月收入和每月必要开支" in response.content.decode()
    case.refresh_from_db()
    assert "negotiation" not in case.data


def test_nothing_left_proposes_no_amount(client, case):
    client.force_login(case.owner)
    url = reverse("cases:negotiation", kwargs={"case_id": case.pk})
    page = client.post(url, {"monthly_income": "3000", "essential_spending": "3200"}, follow=True).content.decode()
    assert "先不要承诺任何还款金额" in page and "建议每月还款" not in page


def test_the_hubs_negotiation_card_links_the_page_and_shows_the_warning(client, case):
    client.force_login(case.owner)
    hub = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    card = hub.split('id="action-negotiate_repayment"')[1].split("</li>")[0]
    assert reverse("cases:negotiation", kwargs={"case_id": case.pk}) in card
    assert paid_services_warning().zh in card
