"""docs/SECURITY.md, who may change what: staff of a clinic a case is shared with add and annotate; only the
borrower rewrites or deletes her records, and she sees every change staff made. The audit log keeps what
changed, not the personal data."""

import json

import pytest
from django.urls import reverse

from complaints.models import AuditEvent, Case, LogEntry
from complaints.services.audit import audit_digest
from complaints.services.cases import case_create, case_share_create
from tests.factories import ClinicFactory, LogEntryFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]

BORROWER = {
    "name": "张三", "phone": "138-0013-8000", "id_number": "11010519491231002x",
    "address_province": "广东省", "address_city": "深圳市", "address_district": "南山区", "address_street": "科技园路1号",
    "address_postcode": "518000",
}


@pytest.fixture
def world():
    owner = UserFactory(username="lan-hua", phone="+8613800138000")
    clinic = ClinicFactory()
    case = case_create(owner=owner, actor=owner, data={"borrower": {"name": "张三"},
                                                      "steps_taken": [{"action": "complain_lender", "on": "2026-03-02"}]})
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=owner)
    entry = LogEntryFactory(case=case)
    return {"owner": owner, "staff": StaffFactory(clinic=clinic, first_name="小红", last_name="陈"), "case": case,
            "entry": entry, "clinic": clinic}


def test_staff_add_log_entries_and_steps(client, world):
    case = world["case"]
    client.force_login(world["staff"])
    response = client.post(reverse("log:entry_create", args=[case.pk]),
                           {"at": "2026-03-15T09:00", "channel": "call", "target": "self", "from_number": "17012345678"})
    assert response.status_code == 302 and case.log_entries.count() == 2
    response = client.post(reverse("cases:steps", args=[case.pk]), {"action": "report_police", "on": "2026-03-03"})
    assert response.status_code == 302
    assert len(Case.objects.get(pk=case.pk).data["steps_taken"]) == 2


@pytest.mark.parametrize(("name", "kwargs", "data"), [
    ("log:entry_edit", lambda w: [w["case"].pk, w["entry"].pk], {"at": "2026-03-15T09:00", "channel": "call", "target": "self"}),
    ("log:entry_delete", lambda w: [w["case"].pk, w["entry"].pk], {}),
    ("log:review", lambda w: [w["case"].pk], {"action": "discard_all"}),
    ("cases:edit_section", lambda w: [w["case"].pk, "borrower"], BORROWER),
    ("cases:step_delete", lambda w: [w["case"].pk, 0], {}),
])
def test_staff_cannot_rewrite_or_delete_the_borrowers_records(client, world, name, kwargs, data):
    case = world["case"]
    before = (Case.objects.get(pk=case.pk).data, list(LogEntry.objects.values_list("id", "at", "channel")))
    client.force_login(world["staff"])
    url = reverse(name, args=kwargs(world))
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, data).status_code == 404
    assert (Case.objects.get(pk=case.pk).data, list(LogEntry.objects.values_list("id", "at", "channel"))) == before


def test_staff_cannot_rewrite_an_evidence_description(client, world, settings):
    from complaints.models import Evidence

    case = world["case"]
    evidence = Evidence.objects.create(case=case, sha256="c" * 64, size=3, kind="image", content_type="image/png",
                                       original_name="a.png", storage_name="evidence/x", description="她的说明")
    client.force_login(world["staff"])
    url = reverse("evidence:detail", args=[case.pk, evidence.pk])
    page = client.get(url).content.decode()
    assert "她的说明" in page and "保存说明" not in page
    assert client.post(url, {"description": "改了", "proves": ""}).status_code == 403
    evidence.refresh_from_db()
    assert evidence.description == "她的说明"


def test_staff_pages_show_no_edit_or_delete_links_the_borrowers_do(client, world):
    case = world["case"]
    edit_link = reverse("log:entry_edit", args=[case.pk, world["entry"].pk])
    section_link = reverse("cases:edit_section", args=[case.pk, "borrower"])
    client.force_login(world["staff"])
    assert edit_link not in client.get(reverse("log:list", args=[case.pk])).content.decode()
    assert section_link not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:step_delete", args=[case.pk, 0]) not in client.get(reverse("cases:steps", args=[case.pk])).content.decode()
    client.force_login(world["owner"])
    assert edit_link in client.get(reverse("log:list", args=[case.pk])).content.decode()
    assert section_link in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_on_a_walk_in_case_no_borrower_claimed_staff_may_rewrite(client, world):
    case = Case.objects.create(owner=None, data={"spec": "zhirao-case/1"})
    case_share_create(case=case, clinic=world["clinic"], consent_text="当面委托", actor=world["staff"])
    entry = LogEntryFactory(case=case)
    client.force_login(world["staff"])
    assert client.post(reverse("cases:edit_section", args=[case.pk, "borrower"]), BORROWER).status_code == 302
    assert client.post(reverse("log:entry_delete", args=[case.pk, entry.pk])).status_code == 302
    assert not LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_borrower_sees_every_change_staff_made(client, world):
    case = world["case"]
    client.force_login(world["staff"])
    client.post(reverse("log:entry_create", args=[case.pk]), {"at": "2026-03-15T09:00", "channel": "call", "target": "self"})
    client.post(reverse("cases:steps", args=[case.pk]), {"action": "report_police", "on": "2026-03-03"})
    client.post(reverse("staff:case_note_add", args=[case.pk]), {"text": "已电话联系求助人"})
    client.get(reverse("staff:case", args=[case.pk]))  # a read: audited for the clinic, not listed as a change
    client.force_login(world["owner"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    history = page.split('id="staff-changes"')[1]
    assert "新增一条骚扰记录" in history and "修改案件信息" in history and "添加备注" in history
    assert "陈小红" in history and "steps_taken" in history
    assert "工作人员查看案件" not in history
    assert "已电话联系求助人" not in history  # the note's text is the clinic's; she sees that one was added


def test_the_audit_log_keeps_what_changed_not_the_personal_data(client, world):
    case = world["case"]
    client.force_login(world["owner"])
    assert client.post(reverse("cases:edit_section", args=[case.pk, "borrower"]), BORROWER).status_code == 302
    client.force_login(world["staff"])
    client.post(reverse("staff:case_note_add", args=[case.pk]), {"text": "她的身份证号 11010519491231002X，住科技园路1号"})
    stored = json.dumps(list(AuditEvent.objects.values("old_value", "new_value")), ensure_ascii=False)
    for private in ("11010519491231002X", "+8613800138000", "科技园路1号", "518000", "身份证号"):
        assert private not in stored
    update = AuditEvent.objects.get(action="case.section_update", case_id=case.pk)
    assert set(update.new_value["fields"]) == {"address", "id_number"}  # the phone was the owner's already
    assert update.new_value["sha256"]["id_number"] == audit_digest("11010519491231002X")
    # The clinic's audit page shows the same: field names and digests.
    audit_page = client.get(reverse("staff:case_audit", args=[case.pk])).content.decode()
    assert "11010519491231002X" not in audit_page and "id_number" in audit_page
