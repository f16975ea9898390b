"""A letter that lacks case-file facts asks for exactly those on its preview page, saves them into the case
(audited section updates), shows errors in place without losing anything, and then shows the letter (issue 14)."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from complaints.models import AuditEvent, Case
from complaints.services.cases import case_create, case_share_create
from guidance import clock
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"province": "四川省", "city": "成都市", "district": "武侯区", "street": "人民南路4段1号", "postcode": "610041"}


@pytest.fixture
def owner():
    return UserFactory(first_name="")  # no name at sign-up: the case does not know hers


def _case(owner, **data):
    base = {"borrower": {"phone": "+8613900139000"}, "collector": {"numbers": ["+8617012345678", "+8617112345678"]},
            "harassment": {"channels": ["sms", "call"], "targets": ["self", "employer"], "content": ["threat_exposure"]},
            "today": clock.today().isoformat()}
    return case_create(owner=owner, actor=owner, data={**base, **data})


def _preview(case, kind, target=""):
    url = reverse("letters:preview", args=[case.pk, kind])
    return f"{url}?{urlencode({'to': target})}" if target else url


def test_the_collector_letter_asks_for_exactly_the_names_it_lacks_and_offers_the_address_as_optional(client, owner):
    case = _case(owner)
    client.force_login(owner)
    page = client.get(_preview(case, "collector_cease")).content.decode()
    assert 'name="facts"' in page and "填写缺少的信息" in page
    assert 'name="borrower-name"' in page and 'name="collector-name"' in page
    assert 'name="collector-address_street"' in page and "催收方的通讯地址（可不填）" in page and "借款合同" in page
    assert 'name="borrower-phone"' not in page and 'name="borrower-address_street"' not in page  # known or not needed
    assert "其他项目请在案件信息中补充" not in page and "生成 PDF" not in page


def test_the_facts_are_saved_into_the_case_audited_and_the_preview_follows(client, owner):
    case = _case(owner)
    client.force_login(owner)
    response = client.post(_preview(case, "collector_cease"), {
        "facts": "1", "to": "", "borrower-name": "赵敏", "collector-name": "某某信息咨询有限公司"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("letters:preview", args=[case.pk, "collector_cease"]))
    case.refresh_from_db()
    assert case.data["borrower"]["name"] == "赵敏" and case.data["borrower"]["phone"] == "+8613900139000"
    assert case.data["collector"]["name"] == "某某信息咨询有限公司" and len(case.data["collector"]["numbers"]) == 2
    assert AuditEvent.objects.filter(action="case.section_update", case_id=case.pk).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert 'aria-label="文书预览"' in page and "生成 PDF" in page and "赵敏" in page
    # The address the letter can do without is still offered, as optional.
    assert "可以补充的信息" in page and 'name="collector-address_street"' in page


def test_bad_values_are_explained_in_place_and_nothing_is_saved_or_lost(client, owner):
    case = _case(owner, borrower={"phone": "+8613900139000", "name": "赵敏"})
    client.force_login(owner)
    before = Case.objects.get(pk=case.pk).data
    response = client.post(_preview(case, "police_report"), {
        "facts": "1", "to": "", "borrower-id_number": "51010719900101123", "borrower-address_province": "四川省",
        "borrower-address_city": "", "borrower-address_street": "人民南路4段1号"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "身份证号是 18 位" in page and "请同时填写省、市和详细地址" in page and 'aria-invalid="true"' in page
    assert 'value="人民南路4段1号"' in page and 'value="51010719900101123"' in page
    assert Case.objects.get(pk=case.pk).data == before


def test_a_required_item_left_empty_is_asked_again(client, owner):
    case = _case(owner)
    client.force_login(owner)
    response = client.post(_preview(case, "lender_complaint"), {"facts": "1", "to": "", "borrower-name": "赵敏"})
    page = response.content.decode()
    assert response.status_code == 400 and "请填写这一项，文书才能生成。" in page
    assert "赵敏" in page and "name" not in Case.objects.get(pk=case.pk).data["borrower"]


def test_the_lender_letter_takes_addresses_and_then_is_complete(client, owner):
    case = _case(owner, lender={"kind": "microloan"})
    client.force_login(owner)
    page = client.get(_preview(case, "lender_complaint")).content.decode()
    for name in ("borrower-name", "borrower-address_street", "lender-name", "lender-address_street"):
        assert f'name="{name}"' in page
    response = client.post(_preview(case, "lender_complaint"), {
        "facts": "1", "to": "", "borrower-name": "赵敏", "lender-name": "某某小额贷款有限公司",
        **{f"borrower-address_{part}": value for part, value in ADDRESS.items()},
        **{f"lender-address_{part}": value for part, value in {**ADDRESS, "street": "天府大道100号"}.items()}})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.data["lender"] == {"kind": "microloan", "name": "某某小额贷款有限公司", "address": {**ADDRESS, "street": "天府大道100号"},
                                   "illegal_debt_signs": False}
    page = client.get(response["Location"]).content.decode()
    assert 'aria-label="文书预览"' in page and "填写缺少的信息" not in page


def test_the_carrier_appeal_links_the_step_it_waits_for(client, owner):
    case = _case(owner, borrower={"phone": "+8613900139000", "name": "赵敏", "address": ADDRESS})
    client.force_login(owner)
    page = client.get(_preview(case, "miit_appeal", "中国电信")).content.decode()
    assert f'href="{reverse("cases:steps", args=[case.pk])}"' in page


def test_staff_see_what_is_missing_but_do_not_get_the_form(client, owner):
    case = _case(owner)
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=owner)
    client.force_login(staff)
    page = client.get(_preview(case, "collector_cease")).content.decode()
    assert "你的姓名" in page and 'name="facts"' not in page and "（在下面填写）" not in page
    response = client.post(_preview(case, "collector_cease"), {"facts": "1", "to": "", "borrower-name": "别人"})
    assert response.status_code == 403 and 'name="facts"' not in response.content.decode()
    assert "name" not in Case.objects.get(pk=case.pk).data["borrower"]
