import re

import pytest
from django.urls import reverse

from complaints.models import AuditEvent, Case, CaseNumber
from complaints.services.cases import case_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def borrower():
    # An account from before log-in names, which gave no name at sign-up (a new case's borrower.name stays empty).
    return UserFactory(username="+8613800138000", phone="+8613800138000", first_name="")


@pytest.fixture
def logged_in(client, borrower):
    client.force_login(borrower)
    return client


@pytest.fixture
def case(borrower):
    return case_create(owner=borrower, actor=borrower)


def edit(client, case, section, data):
    return client.post(reverse("cases:edit_section", kwargs={"case_id": case.pk, "section": section}), data)


def test_my_cases_lists_only_my_cases(logged_in, borrower, case):
    other = case_create(owner=UserFactory(phone="+8613900139000"), actor=None)
    page = logged_in.get(reverse("cases:list")).content.decode()
    assert case.reference in page and other.reference not in page


def test_creating_a_case_prefills_my_number_and_is_audited(logged_in, borrower):
    response = logged_in.post(reverse("cases:create"))
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    assert case.owner == borrower and case.data == {"borrower": {"phone": "+8613800138000"}}
    assert AuditEvent.objects.filter(action="case.create", case_id=case.pk, actor=borrower).exists()
    page = logged_in.get(response["Location"]).content.decode()
    assert case.reference in page and "+8613800138000" in page


def test_detail_links_each_section_form(logged_in, case):
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    for section in ("borrower", "lender", "collector", "safety", "harassment", "wants"):
        assert reverse("cases:edit_section", kwargs={"case_id": case.pk, "section": section}) in page
    assert reverse("cases:steps", kwargs={"case_id": case.pk}) in page
    # The other areas of the case are linked once their pages exist.
    assert f'href="/cases/{case.pk}/log/"' in page


BORROWER = {
    "name": "张三", "phone": "138-0013-8000", "id_number": "11010519491231002x",
    "address_province": "广东省", "address_city": "深圳市", "address_district": "南山区", "address_street": "科技园路1号", "address_postcode": "518000",
}


def test_borrower_section_saves_normalised_values_and_the_indexed_name(logged_in, borrower, case):
    response = edit(logged_in, case, "borrower", BORROWER)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.data["borrower"] == {
        "name": "张三", "phone": "+8613800138000", "id_number": "11010519491231002X",
        "address": {"province": "广东省", "city": "深圳市", "district": "南山区", "street": "科技园路1号", "postcode": "518000"},
    }
    assert case.borrower_name == "张三"
    event = AuditEvent.objects.get(action="case.section_update", case_id=case.pk)
    # What changed, as field names and digests: never the ID number, phone or address (docs/SECURITY.md).
    assert event.new_value["section"] == "borrower" and event.new_value["fields"] == ["address", "id_number", "name"]
    assert event.old_value["sha256"]["name"] is None and event.new_value["sha256"]["name"].startswith("sha256:")
    assert "11010519491231002X" not in str(event.new_value) + str(event.old_value) and "张三" not in str(event.new_value)


@pytest.mark.parametrize(
    ("section", "bad", "field", "message"),
    [
        ("borrower", {"phone": "12345"}, "phone", "不是有效的手机号"),
        ("borrower", {"id_number": "110105194912310021"}, "id_number", "校验位不对"),
        ("borrower", {"id_number": "1234"}, "id_number", "18 位"),
        ("borrower", {"address_postcode": "51800"}, "address_postcode", "6 位数字"),
        ("borrower", {"address_province": "加州"}, "address_province", "不是可选项"),
        ("borrower", {"address_city": "", "address_street": "科技园路1号"}, "address_city", "地址要写完整"),
        ("borrower", {"name": "张" * 51}, "name", "最多 50 个字"),
        ("lender", {"kind": "pawnshop"}, "kind", "不是可选项"),
        ("lender", {"name": "某" * 101}, "name", "最多 100 个字"),
        ("collector", {"numbers": "17012345678\nabc\n12"}, "numbers", "第 2 个号码"),
        ("collector", {"kind": "mafia"}, "kind", "不是可选项"),
        ("harassment", {"channels": ["fax"]}, "channels", "不是可选项"),
        ("harassment", {"targets": ["neighbours"]}, "targets", "不是可选项"),
        ("harassment", {"content": ["rude"]}, "content", "不是可选项"),
        ("harassment", {"max_per_day": "很多"}, "max_per_day", "请填写整数"),
        ("harassment", {"max_per_day": "-3"}, "max_per_day", "不能是负数"),
        ("harassment", {"first_seen": "2999-01-01"}, "first_seen", "不能晚于今天"),
        ("harassment", {"first_seen": "昨天"}, "first_seen", "有效的日期"),
        ("harassment", {"night_contact": "maybe"}, "night_contact", "不是可选项"),
        ("wants", {"wants": ["revenge"]}, "wants", "不是可选项"),
    ],
)
def test_every_section_refuses_bad_input_with_a_chinese_message_and_keeps_what_was_saved(logged_in, case, section, bad, field, message):
    good = {
        "borrower": BORROWER,
        "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance", "app_name": "某某借"},
        "collector": {"name": "某某信息咨询有限公司", "kind": "outsourced_agency", "numbers": "17012345678"},
        "harassment": {"channels": ["sms", "call"], "targets": ["self"], "night_contact": "yes", "max_per_day": "40", "first_seen": "2026-03-01"},
        "wants": {"wants": ["stop_harassment"]},
    }[section]
    assert edit(logged_in, case, section, good).status_code == 302
    case.refresh_from_db()
    saved = case.data
    response = edit(logged_in, case, section, {**good, **bad})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error" role="alert"' in page
    # The input (or its fieldset) points at the message for screen readers.
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', page)
    case.refresh_from_db()
    assert case.data == saved
    # What the borrower typed is shown again for correction.
    typed = bad[field] if isinstance(bad[field], str) else bad[field][0]
    if typed and section != "collector":
        assert typed in page


def test_lender_section_keeps_the_indexed_copies_in_step(logged_in, case):
    edit(logged_in, case, "lender", {"name": "某某消费金融有限公司", "kind": "consumer_finance", "app_name": "某某借", "illegal_debt_signs": "on"})
    case.refresh_from_db()
    assert case.data["lender"] == {"name": "某某消费金融有限公司", "kind": "consumer_finance", "app_name": "某某借", "illegal_debt_signs": True}
    assert (case.lender_name, case.lender_kind) == ("某某消费金融有限公司", "consumer_finance")
    edit(logged_in, case, "lender", {"name": "", "kind": ""})
    case.refresh_from_db()
    assert (case.lender_name, case.lender_kind) == ("", "")


def test_collector_numbers_are_normalised_and_indexed(logged_in, case):
    edit(logged_in, case, "collector", {"kind": "outsourced_agency", "numbers": "170 1234 5678\n+86 170-1234-5678、10690000123456\n021-6123 4567"})
    case.refresh_from_db()
    assert case.data["collector"]["numbers"] == ["+8617012345678", "10690000123456", "+862161234567"]
    rows = {row.number: row.kind for row in CaseNumber.objects.filter(case=case)}
    assert rows == {"+8617012345678": "virtual_mobile", "10690000123456": "sms_port", "+862161234567": "landline"}
    edit(logged_in, case, "collector", {"kind": "outsourced_agency", "numbers": "10690000123456"})
    assert list(CaseNumber.objects.filter(case=case).values_list("number", flat=True)) == ["10690000123456"]


def test_the_borrowers_own_number_is_never_indexed_or_shown_as_a_collectors(logged_in, case):
    # The case's borrower.phone is the owner's number; typed among the collector's numbers, it is kept as typed
    # in the case file but left out wherever the collector's numbers are used.
    own = case.data["borrower"]["phone"]
    edit(logged_in, case, "collector", {"kind": "unknown", "numbers": f"{own[3:6]} {own[6:10]} {own[10:]}\n10690000123456"})
    case.refresh_from_db()
    assert case.data["collector"]["numbers"] == [own, "10690000123456"]
    assert list(CaseNumber.objects.filter(case=case).values_list("number", flat=True)) == ["10690000123456"]
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "<dt>号码</dt><dd>10690000123456</dd>" in page


def test_harassment_and_safety_and_wants_sections(logged_in, case):
    edit(logged_in, case, "harassment", {
        "channels": ["sms", "verification_code_bombing"], "targets": ["self", "contacts"], "content": ["threat_exposure"],
        "night_contact": "no", "max_per_day": "40", "first_seen": "2026-03-01",
    })
    edit(logged_in, case, "safety", {"in_danger_now": "on"})
    edit(logged_in, case, "wants", {"wants": ["stop_harassment", "delete_my_data"]})
    case.refresh_from_db()
    assert case.data["harassment"] == {
        "channels": ["sms", "verification_code_bombing"], "targets": ["self", "contacts"], "content": ["threat_exposure"],
        "night_contact": False, "max_per_day": 40, "first_seen": "2026-03-01",
    }
    assert case.data["safety"] == {"in_danger_now": True}
    assert case.data["wants"] == ["stop_harassment", "delete_my_data"]
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "验证码轰炸" in page and "通讯录里的联系人" in page and "请先拨打 110" in page
    form = logged_in.get(reverse("cases:edit_section", kwargs={"case_id": case.pk, "section": "harassment"})).content.decode()
    assert re.search(r'value="verification_code_bombing"[^>]*checked', form)
    assert not re.search(r'value="wechat"[^>]*checked', form)


def test_steps_taken_add_and_remove(logged_in, case):
    url = reverse("cases:steps", kwargs={"case_id": case.pk})
    assert logged_in.post(url, {"action": "complain_lender", "on": "2026-03-05", "result": "no_reply"}).status_code == 302
    assert logged_in.post(url, {"action": "demand_collector_stop", "on": "2026-03-02"}).status_code == 302
    case.refresh_from_db()
    assert case.data["steps_taken"] == [
        {"action": "demand_collector_stop", "on": "2026-03-02"},
        {"action": "complain_lender", "on": "2026-03-05", "result": "no_reply"},
    ]
    page = logged_in.get(url).content.decode()
    assert "要求催收方停止违规催收" in page and "没有回复" in page
    logged_in.post(reverse("cases:step_delete", kwargs={"case_id": case.pk, "index": 0}))
    case.refresh_from_db()
    assert case.data["steps_taken"] == [{"action": "complain_lender", "on": "2026-03-05", "result": "no_reply"}]
    assert AuditEvent.objects.filter(action="case.section_update", case_id=case.pk).count() == 3


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"action": "", "on": "2026-03-02"}, "请选择做了什么"),
        ({"action": "bribe", "on": "2026-03-02"}, "不是可选项"),
        ({"action": "complain_lender", "on": ""}, "请填写日期"),
        ({"action": "complain_lender", "on": "2999-01-01"}, "不能晚于今天"),
        ({"action": "complain_lender", "on": "2026-03-02", "result": "won"}, "不是可选项"),
    ],
)
def test_steps_taken_refuses_bad_input_and_keeps_the_saved_steps(logged_in, case, bad, message):
    url = reverse("cases:steps", kwargs={"case_id": case.pk})
    logged_in.post(url, {"action": "complain_lender", "on": "2026-03-05"})
    response = logged_in.post(url, bad)
    assert response.status_code == 200
    assert message in response.content.decode() and 'role="alert"' in response.content.decode()
    case.refresh_from_db()
    assert case.data["steps_taken"] == [{"action": "complain_lender", "on": "2026-03-05"}]


def test_removing_a_step_that_is_gone_says_so(logged_in, case):
    response = logged_in.post(reverse("cases:step_delete", kwargs={"case_id": case.pk, "index": 5}), follow=True)
    assert "这一步已经不存在了" in response.content.decode()


def test_unknown_section_is_404(logged_in, case):
    assert logged_in.get(reverse("cases:edit_section", kwargs={"case_id": case.pk, "section": "log"})).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, case):
    response = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_detail_shows_the_plan_for_the_case_and_links_its_letters(logged_in, borrower):
    case = case_create(owner=borrower, actor=borrower, data={
        "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
        "collector": {"numbers": ["17012345678"]},
        "harassment": {"channels": ["sms"], "targets": ["contacts"], "content": ["threat_exposure"]},
        "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-02", "result": "continued"}],
    })
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "行动计划" in page and "最重要的下一步" in page
    assert 'id="action-complain_lender"' in page and 'id="action-demand_collector_stop"' in page
    assert reverse("letters:preview", kwargs={"case_id": case.pk, "kind": "lender_complaint"}) in page
    assert reverse("evidence:list", kwargs={"case_id": case.pk}) in page.split('id="action-preserve_evidence"')[1].split("</li>")[0]
    assert "保存案件后" not in page  # the case is saved: the cards link to their documents instead
    # A step recorded on the case moves the plan on: the demand is listed as done.
    assert 'data-status="do_now"' in page
    done = page.split("已经完成")[1]
    assert "要求催收方停止违规催收" in done


def test_a_step_records_its_ticket_number_and_which_carrier_it_went_to(logged_in, case):
    edit(logged_in, case, "collector", {"numbers": "17012345678\n13012345678"})
    url = reverse("cases:steps", kwargs={"case_id": case.pk})
    page = logged_in.get(url).content.decode()
    assert 'name="target"' in page and "中国联通" in page
    response = logged_in.post(url, {"action": "complain_carrier", "on": "2026-03-05", "result": "no_reply",
                                    "target": "中国联通", "reference": " GD-2026-0305-17 "})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.data["steps_taken"] == [{"action": "complain_carrier", "on": "2026-03-05", "result": "no_reply",
                                         "reference": "GD-2026-0305-17", "target": "中国联通"}]
    page = logged_in.get(url).content.decode()
    assert "中国联通" in page and "GD-2026-0305-17" in page
    refused = logged_in.post(url, {"action": "complain_carrier", "on": "2026-03-06", "target": "某某电信"})
    assert refused.status_code == 200 and "不是可选项" in refused.content.decode()
    case.refresh_from_db()
    assert len(case.data["steps_taken"]) == 1


def test_lender_loan_reference_and_a_contact_address_for_letters_are_kept(logged_in, case):
    assert edit(logged_in, case, "lender", {"name": "某某消费金融有限公司", "kind": "consumer_finance", "loan_reference": "HT2025-001234"}).status_code == 302
    contact = {"contact_address_province": "四川省", "contact_address_city": "成都市", "contact_address_district": "武侯区",
               "contact_address_street": "人民南路4段1号 某某法律援助工作站", "contact_address_postcode": "610041"}
    assert edit(logged_in, case, "borrower", {**BORROWER, **contact}).status_code == 302
    case.refresh_from_db()
    assert case.data["lender"]["loan_reference"] == "HT2025-001234"
    assert case.data["borrower"]["contact_address"] == {"province": "四川省", "city": "成都市", "district": "武侯区",
                                                        "street": "人民南路4段1号 某某法律援助工作站", "postcode": "610041"}
    assert case.data["borrower"]["address"]["city"] == "深圳市"
    half = edit(logged_in, case, "borrower", {**BORROWER, "contact_address_city": "成都市", "contact_address_postcode": "61004"})
    assert half.status_code == 200
    page = half.content.decode()
    assert "地址要写完整才能寄信" in page and "邮政编码是 6 位数字" in page
    case.refresh_from_db()
    assert case.data["borrower"]["contact_address"]["street"] == "人民南路4段1号 某某法律援助工作站"


def test_the_hub_shows_each_carrier_of_the_numbers_with_its_own_progress(logged_in, case):
    edit(logged_in, case, "collector", {"numbers": "13812345678\n18612345678"})
    logged_in.post(reverse("cases:steps", kwargs={"case_id": case.pk}),
                   {"action": "complain_carrier", "on": "2026-03-05", "result": "refused", "target": "中国移动"})
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    carrier_card = page[page.index('id="action-complain_carrier"'):]
    targets = carrier_card[carrier_card.index("plan-card__targets"):carrier_card.index("</ul>")]
    assert re.search(r"中国移动</strong>（\+?8?6?13812345678）：已做", targets), targets
    assert re.search(r"中国联通</strong>（\+?8?6?18612345678）：现在就做", targets), targets


def test_court_papers_she_received_put_their_dated_deadline_at_the_top_of_the_plan(logged_in, case):
    from guidance import clock
    received = clock.today() - __import__("datetime").timedelta(days=3)
    url = reverse("cases:edit_section", kwargs={"case_id": case.pk, "section": "court_papers"})
    missing_date = logged_in.post(url, {"kind": "payment_order"})
    assert missing_date.status_code == 200 and "请填写收到的日期" in missing_date.content.decode()
    assert logged_in.post(url, {"kind": "payment_order", "received_on": received.isoformat()}).status_code == 302
    case.refresh_from_db()
    assert case.data["court_papers"] == {"kind": "payment_order", "received_on": received.isoformat(), "verified": False}
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    deadline = received + __import__("datetime").timedelta(days=15)
    assert 'id="court-deadline"' in page and "清偿或者书面提出异议" in page
    assert f"如果文书是真的，最后一天是 {clock.chinese_date(deadline)}" in page and "12368" in page
    logged_in.post(url, {"kind": "payment_order", "received_on": received.isoformat(), "verified": "on"})
    page = logged_in.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert f"最后一天：{clock.chinese_date(deadline)}（还剩 12 天）" in page
