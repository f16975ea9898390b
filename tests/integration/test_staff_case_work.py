"""Working a case: notes, assignment, status, the audit log (evidence reads included), walk-in cases and claim codes, the team."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from complaints.models import (
    AuditEvent,
    Case,
    CaseNote,
    CaseShare,
    ClaimCode,
    ClinicMembership,
    LogEntry,
    SharedNumber,
    User,
)
from complaints.services.audit import audit_digest, audit_record
from complaints.services.cases import case_delete, case_section_update, case_share_create, case_share_withdraw
from complaints.services.staff import WALK_IN_JOINT_CONSENT, case_claim, walk_in_case_open
from complaints.triage import reason_text
from tests.factories import (
    BorrowerFactory,
    CaseFactory,
    ClinicAdminFactory,
    ClinicFactory,
    LogEntryFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(clinic, client):
    user = StaffFactory(clinic=clinic, first_name="小红", last_name="陈")
    client.force_login(user)
    return user


@pytest.fixture
def case(clinic):
    return CaseFactory(shared_with=clinic, borrower_name="李四", numbers=["+8617012345678"])


def test_a_note_is_saved_with_author_and_time_and_audited(client, staff, case):
    response = client.post(reverse("staff:case_note_add", args=[case.pk]), {"text": "已电话联系，求助人同意先发停止催收函。"})
    assert response.status_code == 302
    note = CaseNote.objects.get(case=case)
    assert note.author == staff and note.created_at is not None
    event = AuditEvent.objects.get(action="case.note_add")
    assert event.actor == staff and event.case_id == case.pk and event.new_value == {"sha256": audit_digest(note.text), "length": len(note.text)}
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert "已电话联系" in page and "陈小红" in page
    assert AuditEvent.objects.filter(action="case.staff_view", actor=staff, case_id=case.pk).exists()


def test_an_empty_note_is_refused_in_chinese_and_nothing_is_saved(client, staff, case):
    response = client.post(reverse("staff:case_note_add", args=[case.pk]), {"text": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写备注内容。" in page and 'role="alert"' in page and 'aria-invalid="true"' in page
    assert not CaseNote.objects.exists() and not AuditEvent.objects.filter(action="case.note_add").exists()


def test_assignment_records_old_and_new_assignee(client, staff, clinic, case):
    colleague = StaffFactory(clinic=clinic)
    client.post(reverse("staff:case_assign", args=[case.pk]), {"assignee": str(colleague.pk)})
    case.refresh_from_db()
    assert case.assignee == colleague
    event = AuditEvent.objects.get(action="case.assign")
    assert event.old_value == {"assignee": None} and event.new_value["assignee"] == colleague.pk
    client.post(reverse("staff:case_assign", args=[case.pk]), {"assignee": ""})
    case.refresh_from_db()
    assert case.assignee is None
    assert AuditEvent.objects.filter(action="case.assign").count() == 2


def test_cannot_assign_to_someone_outside_the_clinic(client, staff, case):
    stranger = StaffFactory(clinic=ClinicFactory())
    response = client.post(reverse("staff:case_assign", args=[case.pk]), {"assignee": str(stranger.pk)})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None and not AuditEvent.objects.filter(action="case.assign").exists()


def test_status_change_is_audited_with_old_and_new(client, staff, case):
    client.post(reverse("staff:case_status", args=[case.pk]), {"status": "in_progress"})
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    event = AuditEvent.objects.get(action="case.status_change")
    assert (event.old_value, event.new_value, event.actor) == ({"status": "new"}, {"status": "in_progress"}, staff)
    bad = client.post(reverse("staff:case_status", args=[case.pk]), {"status": "deleted"})
    assert bad.status_code == 400 and "请选择一个有效的状态" in bad.content.decode()


def test_the_audit_page_shows_changes_and_evidence_downloads(client, staff, case):
    client.post(reverse("staff:case_status", args=[case.pk]), {"status": "triaged"})
    # The evidence area audits every download this way; the staff page shows those events too.
    audit_record(actor=staff, action="evidence.downloaded", subject=case, case_id=case.pk, new={"file": "截图1.png"})
    page = html.unescape(client.get(reverse("staff:case_audit", args=[case.pk])).content.decode())
    assert "更改状态" in page and '{"status": "triaged"}' in page
    assert "evidence.download" in page and "截图1.png" in page and "陈小红" in page
    assert "下载证据文件" in page  # in words, from complaints.audit_actions


def test_the_case_page_counts_the_same_number_across_clients_and_clinics(client, staff, clinic, case):
    CaseFactory(shared_with=clinic, numbers=["+8617012345678"])
    CaseFactory(shared_with=ClinicFactory(), borrower_name="别的机构的人", numbers=["+8617012345678"])
    CaseFactory(numbers=["+8617012345678"])  # not shared with any clinic: not counted
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert "这个号码还骚扰过另外 2 位求助人" in page
    assert "其中 1 位在本机构" in page
    assert "别的机构的人" not in page


def _number_counts(client, case) -> tuple[int, int]:
    row = client.get(reverse("staff:case", args=[case.pk])).context["number_counts"][0]
    return row["all_clients"], row["clinic_clients"]


def test_the_number_counts_follow_shares_numbers_claims_and_deletions(client, staff, clinic, case):
    """The counts come from SharedNumber rows: every service that changes a share, a number, an owner or a case keeps them exact."""
    other = CaseFactory(shared_with=clinic, numbers=["+8617012345678"])
    assert _number_counts(client, case) == (1, 1)

    share = other.shares.get()
    case_share_withdraw(share=share, actor=other.owner)
    assert _number_counts(client, case) == (0, 0)
    case_share_create(case=other, clinic=ClinicFactory(), consent_text="同意", actor=other.owner)
    assert _number_counts(client, case) == (1, 0)  # another clinic's client: counted, not named
    case_share_create(case=other, clinic=clinic, consent_text="同意", actor=other.owner)
    assert _number_counts(client, case) == (1, 1)

    # The borrower's own second case does not make them "another client".
    same_owner = CaseFactory(owner=case.owner, shared_with=clinic, numbers=["+8617012345678"])
    assert _number_counts(client, case) == (1, 1)

    # A walk-in case counts as its own client until it is claimed; claimed by this borrower, it is theirs.
    walk_in, code = walk_in_case_open(actor=staff, clinic=clinic, borrower_name="赵六", collector_numbers=("170 1234 5678",))
    assert _number_counts(client, case) == (2, 2)
    case_claim(user=case.owner, code=code)
    assert _number_counts(client, case) == (1, 1)

    # The number leaves the other case's file: no longer counted; deleting cases removes their rows.
    collector = {**(other.data.get("collector") or {}), "numbers": ["+8613912345678"]}
    case_section_update(case=other, section="collector", value=collector, actor=other.owner)
    assert _number_counts(client, case) == (0, 0)
    for gone in (same_owner, walk_in, other):
        case_delete(case=gone, actor=gone.owner)
    assert not SharedNumber.objects.exclude(case=case).exists()
    assert SharedNumber.objects.filter(case=case, clinic=clinic, number="+8617012345678", owner=case.owner).count() == 1


def test_the_case_page_reads_a_fixed_number_of_queries(client, staff, clinic, case, django_assert_num_queries):
    for index in range(5):
        CaseFactory(shared_with=clinic, numbers=["+8617012345678", f"+861701234000{index}"])
        CaseNote.objects.create(case=case, author=staff, text=f"备注 {index}")
    # The first request of a session fixes its lifetime (complaints.sessions); the count is of a page in a working session.
    client.get(reverse("staff:queue"))
    # session, user, clinics, case, audit row, members, numbers, the numbers' and lender's stored counts, joint consent,
    # notes, log, mailed letters
    with django_assert_num_queries(12):
        assert client.get(reverse("staff:case", args=[case.pk])).status_code == 200


def test_the_case_page_lists_the_latest_confirmed_log_entries_newest_first_in_words(client, staff, case):
    at = dt.datetime(2026, 3, 14, 14, 5, tzinfo=dt.UTC)  # 22:05 in China, where the page shows it
    LogEntryFactory(case=case, at=at, channel=LogEntry.Channel.VERIFICATION_CODE_BOMBING, target=LogEntry.Target.EMPLOYER,
                    from_number="10690000123456", text="<验证码>" + "轰" * 130)
    LogEntryFactory(case=case, at=at - dt.timedelta(days=1), channel=LogEntry.Channel.CALL, text="")
    LogEntryFactory(case=case, at=at + dt.timedelta(days=1), text="待确认", pending_review=True)
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    table = page[page.index('<h2 id="log-heading">'):]
    assert '<th scope="col">时间</th><th scope="col">方式</th><th scope="col">号码</th><th scope="col">被联系的人</th>' in table
    rows = re.findall(r"<tr><td.*?</tr>", table)
    assert rows == [
        '<tr><td data-label="时间">2026-03-14 22:05</td><td data-label="方式">验证码轰炸</td><td data-label="号码">10690000123456</td>'
        f'<td data-label="被联系的人">工作单位</td><td data-label="内容">&lt;验证码&gt;{"轰" * 112}...</td></tr>',
        '<tr><td data-label="时间">2026-03-13 22:05</td><td data-label="方式">电话</td><td data-label="号码">+8617012345678</td>'
        '<td data-label="被联系的人">本人</td><td data-label="内容"></td></tr>',
    ]


def test_walk_in_case_gets_a_claim_code_the_client_uses_once(client, staff, clinic):
    response = client.post(reverse("staff:walk_in"), {
        "borrower_name": "赵六", "borrower_phone": "139 0000 1111", "lender_name": "恒信消费金融有限公司",
        "collector_numbers": "170 1234 5678\n10690000123456", "in_danger_now": "on",
    })
    assert response.status_code == 200
    code = response.context["claim_code"]
    case = Case.objects.get(borrower_name="赵六")
    assert case.owner is None
    assert case.priority // 100 == 4 and "人身危险" in reason_text(case.priority_reason)
    assert set(case.numbers.values_list("number", flat=True)) == {"+8617012345678", "10690000123456"}
    assert CaseShare.objects.get(case=case).clinic == clinic
    stored = ClaimCode.objects.get(case=case)
    assert code.replace("-", "") not in stored.code_hash and len(stored.code_hash) == 64
    assert AuditEvent.objects.filter(action="case.walk_in_open", case_id=case.pk, actor=staff).exists()

    borrower = BorrowerFactory()
    client.force_login(borrower)
    wrong = client.post(reverse("claim:claim"), {"code": "AAAAA-AAAAA"})
    assert wrong.status_code == 400 and "认领码不正确或已过期" in wrong.content.decode()
    assert client.post(reverse("claim:claim"), {"code": code.lower().replace("-", " ")}).status_code == 302
    case.refresh_from_db()
    assert case.owner == borrower
    assert AuditEvent.objects.filter(action="case.claim", actor=borrower, case_id=case.pk).exists()
    # Used once: a second person cannot take it.
    client.force_login(BorrowerFactory())
    assert client.post(reverse("claim:claim"), {"code": code}).status_code == 400
    case.refresh_from_db()
    assert case.owner == borrower


def test_walk_in_records_the_clients_consent_to_joint_complaints_only_when_ticked(client, staff, clinic):
    page = client.get(reverse("staff:walk_in")).content.decode()
    assert "求助人当面同意纳入联合投诉" in page and 'name="joint_consent"' in page
    assert "checked" not in page.split('name="joint_consent"')[1].split(">")[0]
    assert str(WALK_IN_JOINT_CONSENT) in page

    done = client.post(reverse("staff:walk_in"), {"borrower_name": "周九", "collector_numbers": "170 1234 5678", "joint_consent": "on"})
    assert done.status_code == 200 and "已记录：求助人当面同意纳入联合投诉" in done.content.decode()
    share = CaseShare.objects.get(case__borrower_name="周九")
    assert (share.joint_consented_by, share.joint_consent_text) == (staff, str(WALK_IN_JOINT_CONSENT))
    assert share.joint_consented_at is not None and share.joint_withdrawn_at is None
    event = AuditEvent.objects.get(action="case.share_joint_consent", case_id=share.case_id)
    assert event.actor == staff and event.new_value == {"clinic_id": clinic.pk, "consent_text": str(WALK_IN_JOINT_CONSENT)}
    assert "求助人已于" in client.get(reverse("staff:case", args=[share.case_id])).content.decode()

    # Not ticked: the case is opened and worked, but stays out of joint complaints.
    client.post(reverse("staff:walk_in"), {"borrower_name": "吴十", "collector_numbers": "170 1234 5678"})
    share = CaseShare.objects.get(case__borrower_name="吴十")
    assert share.joint_consented_at is None and share.joint_consent_text == ""
    assert not AuditEvent.objects.filter(action="case.share_joint_consent", case_id=share.case_id).exists()
    assert "求助人没有同意纳入联合投诉" in client.get(reverse("staff:case", args=[share.case_id])).content.decode()
    export = client.get(reverse("staff:collector_export_csv"), {"kind": "number", "key": "+8617012345678"}).content.decode("utf-8-sig")
    assert "周九" in export and "吴十" not in export


def test_a_new_claim_code_replaces_the_old_one(client, staff, clinic):
    first = client.post(reverse("staff:walk_in"), {"borrower_name": "钱七"}).context["claim_code"]
    case = Case.objects.get(borrower_name="钱七")
    second = client.post(reverse("staff:case_claim_code", args=[case.pk])).context["claim_code"]
    assert first != second
    client.force_login(BorrowerFactory())
    assert client.post(reverse("claim:claim"), {"code": first}).status_code == 400
    assert client.post(reverse("claim:claim"), {"code": second}).status_code == 302


def test_walk_in_refuses_a_bad_number_and_saves_nothing(client, staff):
    response = client.post(reverse("staff:walk_in"), {"borrower_name": "孙八", "collector_numbers": "不是号码"})
    assert response.status_code == 400
    assert "这些不是有效的电话号码：不是号码" in response.content.decode()
    assert not Case.objects.exists()


def test_clinic_admin_adds_changes_and_deactivates_staff(client, clinic):
    admin = ClinicAdminFactory(clinic=clinic)
    client.force_login(admin)
    response = client.post(reverse("staff:team_add"), {"username": "xiaowang", "full_name": "小王", "password": "hongqi-lu-88-hao", "role": "staff"})
    assert response.status_code == 302
    membership = ClinicMembership.objects.get(user__username="xiaowang", clinic=clinic)
    assert membership.user.check_password("hongqi-lu-88-hao")
    assert membership.user.must_change_password  # the admin knows it: it works for one login
    assert AuditEvent.objects.get(action="clinic.staff_add").new_value == {"username": "xiaowang", "role": "staff", "clinic_id": clinic.pk}

    client.post(reverse("staff:team_role", args=[membership.pk]), {"role": "clinic_admin"})
    membership.refresh_from_db()
    assert membership.role == "clinic_admin"
    assert AuditEvent.objects.get(action="clinic.staff_role").old_value == {"role": "staff"}

    case = CaseFactory(shared_with=clinic, assignee=membership.user)
    client.post(reverse("staff:team_deactivate", args=[membership.pk]))
    assert not ClinicMembership.objects.filter(pk=membership.pk).exists()
    assert not User.objects.get(username="xiaowang").is_active
    case.refresh_from_db()
    assert case.assignee is None
    assert AuditEvent.objects.get(action="clinic.staff_deactivate").new_value == {"unassigned_cases": 1}


def test_team_add_reports_a_weak_password_and_a_taken_username(client, clinic):
    admin = ClinicAdminFactory(clinic=clinic)
    client.force_login(admin)
    weak = client.post(reverse("staff:team_add"), {"username": "xiaoli", "password": "12345678", "role": "staff"})
    assert weak.status_code == 400 and 'role="alert"' in weak.content.decode()
    taken = client.post(reverse("staff:team_add"), {"username": admin.username, "password": "hongqi-lu-88-hao", "role": "staff"})
    assert "这个登录名已被使用" in taken.content.decode()
    assert ClinicMembership.objects.filter(clinic=clinic).count() == 1


def test_an_admin_cannot_deactivate_themselves(client, clinic):
    admin = ClinicAdminFactory(clinic=clinic)
    client.force_login(admin)
    membership = ClinicMembership.objects.get(user=admin)
    client.post(reverse("staff:team_deactivate", args=[membership.pk]))
    assert ClinicMembership.objects.filter(pk=membership.pk).exists()


def test_staff_login_lands_on_the_queue(client, staff):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("staff:queue")


def test_the_case_page_links_the_cases_own_pages_and_names_the_app_when_the_lender_is_unnamed(client, staff, clinic):
    case = CaseFactory(shared_with=clinic, lender_name="")
    case.data["lender"] = {"app_name": "闪电借"}
    case.save(update_fields=["data"])
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert "借款 App：闪电借（机构名称未填）" in page
    links = [reverse(name, kwargs={"case_id": case.pk}) for name in ("cases:detail", "evidence:list", "log:list", "letters:list")]
    for link in links:
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200, link
    assert f'action="{reverse("logout")}"' in page


def test_a_queue_row_without_a_lender_has_no_dangling_separator(client, staff, clinic):
    CaseFactory(shared_with=clinic, lender_name="", borrower_name="王五")
    page = client.get(reverse("staff:queue")).content.decode()
    row = page[page.index("王五"):]
    row = row[:row.index("</td>")]
    assert "·" not in row and "<small>" in row
