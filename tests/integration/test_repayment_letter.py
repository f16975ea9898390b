"""Issue 19, a safe way to negotiate: the repayment letter takes the monthly amount and the instalments from the offer
her own figures give (the case's `negotiation` section), lets her change them on its page, asks for them when she
gave no figures, keeps the demand to stop apart from the offer, and shows the warning against paid services."""

import pytest
from django.urls import reverse

from complaints.management.letter_samples import stored_case
from complaints.models import LetterEdit
from guidance.negotiation import paid_services_warning
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AMOUNT_LABEL = "每月能够还款的金额"  # the start of the input's label in repayment_proposal's reviewed data
HARDSHIP = "本人于2026年1月失业，目前靠打零工维持生活"


@pytest.fixture
def case():
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    return stored_case(owner)


def _preview(case) -> str:
    return reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "repayment_proposal"})


def _missing(page: str) -> str:
    return page.split('id="missing-heading"')[1].split("</section>")[0] if 'id="missing-heading"' in page else ""


def test_the_offer_of_her_figures_fills_the_letter_and_she_can_change_it(client, case):
    client.force_login(case.owner)
    client.post(reverse("cases:negotiation", kwargs={"case_id": case.pk}),
                {"monthly_income": "6500", "essential_spending": "4300", "amount_owed": "20000"})
    # Half of the 2200 left is 1100; 20000 / 1100 is 18.2, so 19 instalments (the last one smaller).
    monthly, instalments = 1100, 19
    page = client.get(_preview(case)).content.decode()
    assert paid_services_warning().zh in page
    assert f"建议每月还款 <strong>{monthly} 元</strong>" in page and f"分 {instalments} 期还清" in page
    assert f'name="input_monthly_amount" value="{monthly}"' in page
    assert f'name="input_installments" value="{instalments}"' in page
    assert AMOUNT_LABEL not in _missing(page) and "目前无法按原约定还款的原因" in _missing(page)

    # She saves the form as it was filled in, adding what only she knows: the letter states the offer.
    form = {"input_hardship": HARDSHIP, "input_monthly_amount": str(monthly), "input_installments": str(instalments),
            "input_first_payment_date": "2027-01-15", "narrative": "", "demands": ""}
    client.post(_preview(case), form)
    page = client.get(_preview(case)).content.decode()
    assert f"同意本人自2027年1月15日起每月还款人民币{monthly}元，分{instalments}期还清。" in page
    assert "无论是否同意上述方案，停止联系本人的通讯录联系人、工作单位，仅与本人沟通。" in page
    assert "不表示同意任何违规的催收方式" in page

    # She changes the amount: her figure is kept and the letter states it.
    client.post(_preview(case), {**form, "input_monthly_amount": "800", "input_installments": "25"})
    edit = LetterEdit.objects.get(case=case, kind="repayment_proposal")
    assert (edit.inputs["monthly_amount"], edit.inputs["installments"]) == ("800", "25")
    page = client.get(_preview(case)).content.decode()
    assert "同意本人自2027年1月15日起每月还款人民币800元，分25期还清。" in page


def test_without_her_figures_the_page_asks_for_the_amount_and_offers_the_calculator(client, case):
    client.force_login(case.owner)
    page = client.get(_preview(case)).content.decode()
    assert "negotiation" not in case.data
    assert AMOUNT_LABEL in _missing(page)
    assert "建议每月还款" not in page and 'name="input_monthly_amount" value=' not in page
    assert reverse("cases:negotiation", kwargs={"case_id": case.pk}) in page and "算一算你能承受多少" in page
    assert paid_services_warning().zh in page


def test_nothing_left_after_essential_spending_puts_no_amount_in_the_letter(client, case):
    client.force_login(case.owner)
    client.post(reverse("cases:negotiation", kwargs={"case_id": case.pk}), {"monthly_income": "3000", "essential_spending": "3200"})
    page = client.get(_preview(case)).content.decode()
    assert "先不要承诺任何还款金额" in page
    assert AMOUNT_LABEL in _missing(page)


def test_the_letters_page_in_english_shows_the_warning_in_english(client, case, settings):
    client.force_login(case.owner)
    client.post(reverse("cases:negotiation", kwargs={"case_id": case.pk}), {"monthly_income": "6000", "essential_spending": "4000"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(_preview(case)).content.decode()
    assert paid_services_warning().en.replace("'", "&#x27;") in page
    assert "the suggested monthly payment is <strong>1000 yuan</strong>" in page


def test_the_warning_is_not_on_other_letters(client, case):
    client.force_login(case.owner)
    page = client.get(reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "collector_cease"})).content.decode()
    assert paid_services_warning().zh not in page
