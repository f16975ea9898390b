"""The harassment log through HTTP: entries by hand, SMS-export import and review, analysis, access control."""

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import AuditEvent, Case, CaseNumber, CaseShare, Evidence, LogEntry
from complaints.services.log import log_entry_create
from guidance import clock
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sms"
SHANGHAI = clock.SHANGHAI


@pytest.fixture
def owner():
    return UserFactory(phone="+8613800138000")


@pytest.fixture
def case(owner):
    return Case.objects.create(owner=owner, data={"spec": "zhirao-case/1", "harassment": {"channels": ["wechat"]}})


@pytest.fixture
def client_owner(client, owner):
    client.force_login(owner)
    return client


def url(name, case, **kwargs):
    return reverse(f"log:{name}", kwargs={"case_id": case.pk, **kwargs})


def make_entry(case, when="2026-03-14T22:41", **fields):
    """A confirmed entry added through the service, as the pages add one (the case's stored log summary follows);
    an imported one awaiting review (pending_review=True) as the import writes it."""
    values = {"channel": "sms", "from_number": "+8617012345678", "target": "self", "text": "还钱"} | fields
    at = dt.datetime.fromisoformat(when).replace(tzinfo=SHANGHAI)
    if values.get("pending_review"):
        return LogEntry.objects.create(case=case, at=at, **values)
    return log_entry_create(actor=case.owner, case=case, at=at, **values)


def store_evidence(case, content: bytes, name="sms-backup.xml", kind=Evidence.Kind.SMS_EXPORT):
    storage_name = storages["default"].save(f"evidence/{hashlib.sha256(content).hexdigest()[:16]}", ContentFile(content))
    return Evidence.objects.create(
        case=case,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        kind=kind,
        content_type="application/xml",
        original_name=name,
        storage_name=storage_name,
    )


# ---- entries by hand ------------------------------------------------------------------------------------------------


def test_add_entry_normalises_number_updates_case_file_and_audits(client_owner, case):
    response = client_owner.post(
        url("entry_create", case),
        {"at": "2026-03-14T22:41", "channel": "call", "from_number": "+86 170-1234-5678", "target": "family", "text": "打给我妈"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(case=case)
    assert entry.from_number == "+8617012345678"
    assert entry.at == dt.datetime(2026, 3, 14, 22, 41, tzinfo=SHANGHAI)
    assert entry.pending_review is False
    case.refresh_from_db()
    harassment = case.data["harassment"]
    assert harassment["channels"] == ["wechat", "call"]
    assert harassment["targets"] == ["family"]
    assert harassment["night_contact"] is True
    assert harassment["max_per_day"] == 1
    assert harassment["first_seen"] == "2026-03-14"
    assert case.data["collector"]["numbers"] == ["+8617012345678"]
    number = CaseNumber.objects.get(case=case)
    assert (number.number, number.kind, number.carrier) == ("+8617012345678", "virtual_mobile", "中国电信")
    assert AuditEvent.objects.filter(action="log_entry.created", case_id=case.pk, actor=case.owner).exists()
    assert "打给我妈" not in str(AuditEvent.objects.filter(case_id=case.pk).values_list("new_value", flat=True))


def test_add_entry_with_invalid_number_explains_in_chinese_and_keeps_input(client_owner, case):
    response = client_owner.post(
        url("entry_create", case), {"at": "2026-03-14T22:41", "channel": "sms", "from_number": "1380013", "target": "self", "text": "原文保留"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“1380013”不是有效的电话号码" in page
    assert 'role="alert"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_from_number_error id_from_number_helptext"' in page
    assert "原文保留" in page
    assert not LogEntry.objects.filter(case=case).exists()


def test_add_entry_requires_a_time(client_owner, case):
    response = client_owner.post(url("entry_create", case), {"at": "", "channel": "sms", "target": "self"})
    assert response.status_code == 400
    assert "请填写被联系的时间。" in response.content.decode()


def test_entry_links_evidence_of_the_case(client_owner, case):
    evidence = store_evidence(case, b"\x89PNG fake screenshot", name="screenshot.png", kind=Evidence.Kind.IMAGE)
    client_owner.post(
        url("entry_create", case),
        {"at": "2026-03-14T10:00", "channel": "sms", "from_number": "", "target": "self", "evidence": [evidence.pk]},
    )
    assert list(LogEntry.objects.get(case=case).evidence.all()) == [evidence]


def test_edit_entry(client_owner, case):
    entry = make_entry(case)
    page = client_owner.get(url("entry_edit", case, entry_id=entry.pk)).content.decode()
    assert 'value="2026-03-14T22:41"' in page
    response = client_owner.post(
        url("entry_edit", case, entry_id=entry.pk),
        {"at": "2026-03-14T09:00", "channel": "sms", "from_number": "10690000123456", "target": "employer", "text": "改过"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.from_number, entry.target, entry.text) == ("10690000123456", "employer", "改过")
    event = AuditEvent.objects.get(action="log_entry.updated")
    assert event.new_value["changed"] == ["at", "from_number", "target", "text"]


def test_delete_entry_asks_then_deletes(client_owner, case):
    entry = make_entry(case)
    confirm = client_owner.get(url("entry_delete", case, entry_id=entry.pk))
    assert confirm.status_code == 200
    assert "删除这条记录？" in confirm.content.decode()
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert client_owner.post(url("entry_delete", case, entry_id=entry.pk)).status_code == 302
    assert not LogEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(action="log_entry.deleted", subject_id=str(entry.pk)).exists()


def add_by_hand(client, case, **fields):
    values = {"at": "2026-03-14T22:41", "channel": "call", "from_number": "17012345678", "target": "family", "text": "打给我妈"} | fields
    assert client.post(url("entry_create", case), values).status_code == 302
    return LogEntry.objects.filter(case=case).latest("id")


def test_deleting_the_only_night_entry_takes_back_what_it_alone_added(client_owner, case):
    entry = add_by_hand(client_owner, case)
    add_by_hand(client_owner, case, at="2026-03-15T10:00", channel="sms", target="self", text="白天的短信")
    case.refresh_from_db()
    assert case.data["harassment"]["night_contact"] is True and "family" in case.data["harassment"]["targets"]
    assert client_owner.post(url("entry_delete", case, entry_id=entry.pk)).status_code == 302
    case.refresh_from_db()
    harassment = case.data["harassment"]
    assert harassment["night_contact"] is False  # only the deleted call was at night
    assert harassment["targets"] == ["self"] and harassment["channels"] == ["wechat", "sms"]  # the borrower's wechat stays
    assert harassment["first_seen"] == "2026-03-15" and harassment["max_per_day"] == 1
    assert case.data["collector"]["numbers"] == ["+8617012345678"]  # the SMS came from it too
    event = AuditEvent.objects.filter(action="case.log_summary_applied", case_id=case.pk).latest("id")
    assert event.old_value["harassment"]["night_contact"] is True and event.new_value["harassment"]["night_contact"] is False


def test_correcting_a_mistyped_number_removes_it_from_the_case(client_owner, case):
    entry = add_by_hand(client_owner, case, from_number="17012345679")
    case.refresh_from_db()
    assert case.data["collector"]["numbers"] == ["+8617012345679"]
    response = client_owner.post(url("entry_edit", case, entry_id=entry.pk), {
        "at": "2026-03-14T22:41", "channel": "call", "from_number": "17012345678", "target": "family", "text": "打给我妈"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.data["collector"]["numbers"] == ["+8617012345678"]
    assert list(CaseNumber.objects.filter(case=case).values_list("number", flat=True)) == ["+8617012345678"]


def test_what_the_borrower_stated_stays_when_the_log_no_longer_shows_it(client_owner, case):
    case.data = {**case.data, "harassment": {"channels": ["wechat"], "night_contact": True},
                 "collector": {"numbers": ["+8613911112222"]}}
    case.save()
    entry = add_by_hand(client_owner, case, at="2026-03-14T10:00", from_number="13911112222")
    client_owner.post(url("entry_delete", case, entry_id=entry.pk))
    case.refresh_from_db()
    assert case.data["harassment"]["night_contact"] is True  # stated by the borrower, not by the log
    assert case.data["collector"]["numbers"] == ["+8613911112222"]
    # A value the borrower changes after the log's merge is theirs from then on.
    entry = add_by_hand(client_owner, case)
    case.refresh_from_db()
    case.data = {**case.data, "harassment": {**case.data["harassment"], "targets": ["family", "employer"]}}
    case.save()
    client_owner.post(url("entry_delete", case, entry_id=entry.pk))
    case.refresh_from_db()
    assert case.data["harassment"]["targets"] == ["family", "employer"]


# ---- import and review ----------------------------------------------------------------------------------------------


def upload(name):
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="application/octet-stream")


def test_import_sms_backup_restore_xml_creates_pending_entries_only(client_owner, case):
    response = client_owner.post(url("import", case), {"file": upload("sms-backup-restore.xml")}, follow=True)
    assert response.status_code == 200
    pending = LogEntry.objects.filter(case=case, pending_review=True).order_by("at")
    assert pending.count() == 7  # 8 messages in the file, one of them sent by the borrower
    first = pending.first()
    assert first.from_number == "+8617012345678"
    assert first.at == dt.datetime(2026, 3, 14, 20, 59, 30, tzinfo=SHANGHAI)
    assert first.text == "再不还款后果自负 😠"
    assert first.source == LogEntry.Source.SMS_EXPORT
    assert pending.filter(channel="verification_code_bombing").count() == 1
    assert set(pending.values_list("from_number", flat=True)) >= {"10690000123456", "+8616212345678", "95588"}
    page = response.content.decode()
    assert "待确认的导入短信（7 条）" in page
    assert "1 条是你自己发出的短信或草稿，没有导入。" in page
    # Nothing reaches the case file before the borrower confirms.
    case.refresh_from_db()
    assert case.data["harassment"] == {"channels": ["wechat"]}
    assert not CaseNumber.objects.filter(case=case).exists()
    assert AuditEvent.objects.get(action="log.imported").new_value["created"] == 7


def test_importing_the_same_export_twice_adds_nothing(client_owner, case):
    client_owner.post(url("import", case), {"file": upload("sms-backup-restore.xml")})
    response = client_owner.post(url("import", case), {"file": upload("sms-backup-restore.xml")}, follow=True)
    assert LogEntry.objects.filter(case=case).count() == 7
    assert "7 条以前已经导入过，没有重复添加。" in response.content.decode()


def test_import_csv_with_header(client_owner, case):
    response = client_owner.post(url("import", case), {"file": upload("sms-export.csv")}, follow=True)
    entries = LogEntry.objects.filter(case=case, pending_review=True).order_by("at")
    assert [(e.from_number, e.text) for e in entries] == [
        ("+8617012345678", "逾期了，今天必须还款，否则联系你家人"),
        ("+8613800138000", "你的通讯录我们都有"),
    ]
    assert "第5行（时间无法识别）" in response.content.decode()


def test_import_plain_text(client_owner, case):
    response = client_owner.post(url("import", case), {"file": upload("sms-export.txt")}, follow=True)
    entries = LogEntry.objects.filter(case=case, pending_review=True).order_by("at")
    assert [(e.at.astimezone(SHANGHAI).strftime("%m-%d %H:%M"), e.from_number, e.text) for e in entries] == [
        ("03-14 22:41", "+8617012345678", "张三你再不还钱就等着上门吧"),
        ("03-15 07:59", "+8617012345678", "已经通知你的紧急联系人"),
        ("03-16 23:05", "10690000123456", "【某某金融】逾期提醒"),
    ]
    page = response.content.decode()
    assert "第3行（找不到时间）" in page
    assert "第5行（找不到发信号码）" in page


def test_import_from_stored_evidence_links_entries_to_it(client_owner, case):
    evidence = store_evidence(case, (FIXTURES / "sms-backup-restore.xml").read_bytes())
    page = client_owner.get(url("import", case)).content.decode()
    assert "sms-backup.xml" in page
    assert f"sms-backup.xml（{clock.local(evidence.received_at):%Y-%m-%d %H:%M}）" in page  # Shanghai time, not UTC
    response = client_owner.post(url("import", case), {"evidence": evidence.pk})
    assert response.status_code == 302
    entries = LogEntry.objects.filter(case=case)
    assert entries.count() == 7
    assert all(list(entry.evidence.all()) == [evidence] for entry in entries)
    assert AuditEvent.objects.filter(action="evidence.read_for_import", subject_id=str(evidence.pk)).exists()


def test_import_from_tampered_evidence_is_refused(client_owner, case):
    evidence = store_evidence(case, (FIXTURES / "sms-backup-restore.xml").read_bytes())
    storage = storages["default"]
    storage.delete(evidence.storage_name)
    storage.save(evidence.storage_name, ContentFile(b"<smses></smses>"))
    response = client_owner.post(url("import", case), {"evidence": evidence.pk})
    assert response.status_code == 400
    assert "校验值不一致" in response.content.decode()
    assert not LogEntry.objects.filter(case=case).exists()
    assert AuditEvent.objects.filter(action="evidence.integrity_failed").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "所提交的是空文件。"),
        (b"<html><body>not sms</body></html>", "不是“SMS Backup &amp; Restore”导出的短信备份"),
        (b"<smses><sms address='1' date='1' type='1' body='x'", "XML 文件已损坏或不完整"),
        (b'<!DOCTYPE smses [<!ENTITY a "aaaa">]><smses><sms body="&a;"/></smses>', "XML 文件已损坏或不完整"),
        (b"a,b,c\n1,2,3\n", "无法识别 CSV 文件的列"),
    ],
    ids=["empty", "html", "truncated-xml", "xml-with-dtd", "csv-without-usable-columns"],
)
def test_bad_exports_are_explained_and_nothing_is_saved(client_owner, case, content, message):
    response = client_owner.post(url("import", case), {"file": SimpleUploadedFile("export.xml", content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LogEntry.objects.filter(case=case).exists()


def test_text_without_any_message_reports_every_line(client_owner, case):
    response = client_owner.post(url("import", case), {"file": SimpleUploadedFile("x.txt", "你好\n再见\n".encode())}, follow=True)
    page = response.content.decode()
    assert "没有读取到新的收到的短信。" in page
    assert "第1行（找不到时间）" in page


def test_confirm_selected_then_discard_the_rest(client_owner, case):
    client_owner.post(url("import", case), {"file": upload("sms-backup-restore.xml")})
    collector = list(LogEntry.objects.filter(case=case, from_number__in=["+8617012345678", "10690000123456"]))
    response = client_owner.post(url("review", case), {"action": "confirm", "entries": [e.pk for e in collector]})
    assert response.status_code == 302
    assert LogEntry.objects.filter(case=case, pending_review=False).count() == 3
    case.refresh_from_db()
    assert case.data["collector"]["numbers"] == ["+8617012345678", "10690000123456"]
    assert set(CaseNumber.objects.filter(case=case).values_list("number", "kind")) == {
        ("+8617012345678", "virtual_mobile"),
        ("10690000123456", "sms_port"),
    }
    harassment = case.data["harassment"]
    assert harassment["night_contact"] is True
    assert harassment["first_seen"] == "2026-03-14"
    assert harassment["max_per_day"] == 2

    client_owner.post(url("review", case), {"action": "discard_all"})
    assert not LogEntry.objects.filter(case=case, pending_review=True).exists()
    assert LogEntry.objects.filter(case=case).count() == 3
    assert AuditEvent.objects.filter(action="log.discarded", case_id=case.pk).exists()


def test_confirm_all_and_discard_selected(client_owner, case):
    client_owner.post(url("import", case), {"file": upload("sms-backup-restore.xml")})
    bank = LogEntry.objects.get(case=case, from_number="95588")
    client_owner.post(url("review", case), {"action": "discard", "entries": [bank.pk]})
    assert not LogEntry.objects.filter(pk=bank.pk).exists()
    client_owner.post(url("review", case), {"action": "confirm_all"})
    assert LogEntry.objects.filter(case=case, pending_review=False).count() == 6


def test_review_without_selection_says_so(client_owner, case):
    client_owner.post(url("import", case), {"file": upload("sms-backup-restore.xml")})
    response = client_owner.post(url("review", case), {"action": "confirm"}, follow=True)
    assert "请先勾选要处理的短信。" in response.content.decode()
    assert LogEntry.objects.filter(case=case, pending_review=True).count() == 7


def test_review_cannot_touch_confirmed_entries_or_other_cases(client_owner, case):
    confirmed = make_entry(case)
    other = make_entry(Case.objects.create(owner=UserFactory()), pending_review=True)
    client_owner.post(url("review", case), {"action": "discard", "entries": [confirmed.pk, other.pk]})
    assert LogEntry.objects.filter(pk__in=[confirmed.pk, other.pk]).count() == 2


# ---- the page -------------------------------------------------------------------------------------------------------


def test_index_shows_chart_inline_and_tables(client_owner, case):
    make_entry(case, "2026-03-14T20:59")
    make_entry(case, "2026-03-14T21:00", target="family")
    make_entry(case, "2026-03-16T07:59", from_number="10690000123456")
    response = client_owner.get(url("list", case))
    assert response.status_code == 200
    page = response.content.decode()
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    svg = ET.fromstring(page[start:end])
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "day-label"]
    assert labels == ["3月14日", "3月15日", "3月16日"]
    assert "style=" not in page[start:end]
    assert "中国电信 <a href=\"tel:10000\">10000</a>" in page  # whom to complain to about 170…
    assert "短信端口号（106开头）" in page
    assert "2026-03-16 07:59" in page


def test_number_caveats_follow_the_page_language(client_owner, case):
    make_entry(case, "2026-03-14T21:00", from_number="10690000123456")
    chinese = client_owner.get(url("list", case)).content.decode()
    assert "106开头的是短信端口号" in chinese
    client_owner.post(reverse("set_language"), {"language": "en"})
    english = client_owner.get(url("list", case)).content.decode()
    assert "Numbers starting with 106 are SMS ports" in english and "106开头的是短信端口号" not in english
    assert "12321 spam and harmful-information reporting centre" in english  # a cross-network port: report it to 12321


def test_operator_names_follow_the_page_language(client_owner, case):
    make_entry(case, "2026-03-14T21:00", from_number="+8617012345678")
    assert "中国电信 <a href=\"tel:10000\">10000</a>" in client_owner.get(url("list", case)).content.decode()
    client_owner.post(reverse("set_language"), {"language": "en"})
    english = client_owner.get(url("list", case)).content.decode()
    assert "China Telecom <a href=\"tel:10000\">10000</a>" in english and "中国电信" not in english


def test_index_without_entries(client_owner, case):
    page = client_owner.get(url("list", case)).content.decode()
    assert "还没有已确认的记录" in page
    assert "<svg" not in page


# ---- access -----------------------------------------------------------------------------------------------------------


def every_url(case, entry):
    return [
        ("get", url("list", case)),
        ("get", url("entry_create", case)),
        ("post", url("entry_create", case)),
        ("get", url("entry_edit", case, entry_id=entry.pk)),
        ("post", url("entry_edit", case, entry_id=entry.pk)),
        ("get", url("entry_delete", case, entry_id=entry.pk)),
        ("post", url("entry_delete", case, entry_id=entry.pk)),
        ("get", url("import", case)),
        ("post", url("import", case)),
        ("post", url("review", case)),
    ]


def test_another_borrower_gets_404_on_every_log_url(client, case):
    entry = make_entry(case, pending_review=True)
    client.force_login(UserFactory())
    for method, address in every_url(case, entry):
        data = {"action": "confirm_all"} if method == "post" else None
        assert getattr(client, method)(address, data).status_code == 404, address
    assert LogEntry.objects.filter(pk=entry.pk, pending_review=True).exists()


def test_entry_of_another_case_is_404_through_my_case(client_owner, case):
    foreign_entry = make_entry(Case.objects.create(owner=UserFactory()))
    for name in ("entry_edit", "entry_delete"):
        address = url(name, case, entry_id=foreign_entry.pk)
        assert client_owner.get(address).status_code == 404, address
        assert client_owner.post(address).status_code == 404, address
    assert LogEntry.objects.filter(pk=foreign_entry.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, case):
    entry = make_entry(case)
    for method, address in every_url(case, entry):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert reverse("login") in response["Location"]


def test_clinic_staff_see_a_shared_case_and_lose_it_on_withdrawal(client, case, owner):
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    share = CaseShare.objects.create(case=case, clinic=clinic, consented_by=owner, consent_text="同意")
    make_entry(case)
    client.force_login(staff)
    assert client.get(url("list", case)).status_code == 200
    assert AuditEvent.objects.filter(action="log.staff_view", actor=staff, case_id=case.pk).count() == 1
    client.force_login(owner)
    client.get(url("list", case))
    assert AuditEvent.objects.filter(action="log.staff_view").count() == 1  # the owner's own reads are not
    client.force_login(staff)
    share.withdrawn_at = dt.datetime.now(tz=SHANGHAI)
    share.save()
    assert client.get(url("list", case)).status_code == 404


def test_case_hub_links_to_the_log(client_owner, case):
    page = client_owner.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert f'href="{url("list", case)}"' in page


def _year_of_backup(case):
    """A phone backup of a year (one message every third day, some at night), imported and confirmed."""
    from complaints.services.log import log_entries_confirm, log_import
    from complaints.sms_import import ImportedMessage, ImportResult

    start = dt.datetime(2025, 12, 1, 10, tzinfo=SHANGHAI)
    messages = [ImportedMessage(at=start + dt.timedelta(days=offset, hours=13 * (offset % 2)), from_number="+8617012345678",
                                text=f"还钱（{offset}）") for offset in range(0, 365, 3)]
    log_import(actor=case.owner, case=case, result=ImportResult(format="xml", messages=messages))
    log_entries_confirm(actor=case.owner, case=case, entries=list(case.log_entries.all()))


def test_a_year_of_contacts_is_listed_month_by_month_with_each_months_days_one_link_away(client_owner, case):
    _year_of_backup(case)
    page = client_owner.get(url("list", case)).content.decode()
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    assert "每月被联系次数" in page[start:end] and "柱子表示每月被联系的次数" in page
    # the months' table links every month; the latest month's days are listed, no other day
    assert page.count('href="?month=') == 11 and '<strong aria-current="true">2026-11</strong>' in page
    assert "2026-11 每天的次数" in page and "<td>2026-11-26</td>" in page and "<td>2026-10-27</td>" not in page
    assert '<details id="by-day">' in page
    chosen = client_owner.get(url("list", case) + "?month=2026-10").content.decode()
    assert '<details id="by-day" open>' in chosen and "<td>2026-10-27</td>" in chosen and "<td>2026-11-26</td>" not in chosen
    # a month the log does not have shows the latest
    assert "<td>2026-11-26</td>" in client_owner.get(url("list", case) + "?month=1999-01").content.decode()


def test_the_log_page_runs_the_same_queries_whatever_the_log_length(client_owner, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    short = Case.objects.create(owner=owner, data={"spec": "zhirao-case/1"})
    make_entry(short, "2026-03-14T22:41")
    long = Case.objects.create(owner=owner, data={"spec": "zhirao-case/1"})
    _year_of_backup(long)
    counts = []
    for each in (short, long):
        client_owner.get(url("list", each))
        with CaptureQueriesContext(connection) as queries:
            client_owner.get(url("list", each))
        counts.append(len(queries))
    assert counts[0] == counts[1]
