import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints.management.demo_log import DEMO_LOG, demo_log_add
from complaints.models import AuditEvent, Case, CaseShare, User
from complaints.triage import reason_text
from guidance import clock
from guidance.analysis import is_night

pytestmark = pytest.mark.django_db


def test_demo_data_creates_a_borrower_with_a_shared_case_once_and_prints_working_credentials(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = io.StringIO()
    call_command("demo_data", stdout=first)
    call_command("demo_data", stdout=io.StringIO())
    assert User.objects.filter(username="demo-zhang").count() == 1
    case = Case.objects.get(owner__username="demo-zhang")
    assert case.owner.username == "demo-zhang" and case.owner.phone == "+8613800138000" and case.lender_kind == "consumer_finance"
    assert case.numbers.count() == 2
    assert CaseShare.objects.get(case__owner__username="demo-zhang").clinic.name == "示例法律援助工作站"
    assert CaseShare.objects.get(case__owner__username="demo-zhang").joint_consent_active  # so the demo's joint-complaint export has a row
    password = re.search(r"borrower: demo-zhang / (\S+)", first.getvalue()).group(1)
    assert case.reference in first.getvalue()
    response = client.post(reverse("login"), {"username": "demo-zhang", "password": password})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "示例消费金融有限公司" in page and "你的法律援助机构：示例法律援助工作站" in page


def test_the_demo_case_comes_with_two_checked_evidence_files_once(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo_data", stdout=io.StringIO())
    call_command("demo_data", stdout=io.StringIO())
    case = Case.objects.get(owner__username="demo-zhang")
    evidence = list(case.evidence.order_by("received_at", "id"))
    assert [(item.kind, item.content_type) for item in evidence] == [("image", "image/png"), ("sms_export", "application/xml")]
    assert all("演示数据" in item.description and item.proves for item in evidence)
    client.force_login(case.owner)
    download = client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence[1].pk}))
    assert download.status_code == 200 and b"<smses" in b"".join(download.streaming_content)
    page = client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "（演示数据）3月14日22:41催收短信截图" in page and evidence[0].sha256 in page


def test_the_demo_case_has_a_recent_two_week_harassment_log_once_and_its_case_file_follows(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    today = clock.today()
    call_command("demo_data", stdout=io.StringIO())
    case = Case.objects.get(owner__username="demo-zhang")
    entries = list(case.log_entries.all())
    assert len(entries) == len(DEMO_LOG) == 20
    assert AuditEvent.objects.filter(action="log_entry.created", case_id=case.pk).count() == 20  # through the service
    assert all("演示数据" in entry.text and not entry.pending_review for entry in entries)

    local_days = sorted({entry.at.astimezone(clock.SHANGHAI).date() for entry in entries})
    assert local_days[-1] - local_days[0] == dt.timedelta(days=13)  # two weeks, dated from the day the demo is loaded
    assert local_days[-1] - today in (dt.timedelta(days=-1), dt.timedelta(0))  # ends yesterday (0: midnight passed meanwhile)
    assert all(entry.at < timezone.now() for entry in entries)
    assert {entry.channel for entry in entries} == {"sms", "call"}
    assert {entry.from_number for entry in entries} == set(case.numbers.values_list("number", flat=True))
    assert case.numbers.count() == 2  # no number outside the demo case file
    night = [entry for entry in entries if is_night(entry.at)]
    assert 5 <= len(night) < len(entries)
    assert {"family", "contacts", "employer"} <= {entry.target for entry in entries}

    # The case file's summary and the triage priority were refreshed as for a borrower's own entries.
    assert {"self", "contacts", "family", "employer"} <= set(case.data["harassment"]["targets"])
    assert AuditEvent.objects.filter(action="case.log_summary_applied", case_id=case.pk).exists()
    assert f"夜间（21:00–8:00）被联系 {len(night)} 次" in reason_text(case.priority_reason)  # counted from the log itself
    assert "家人" in reason_text(case.priority_reason) and "工作单位" in reason_text(case.priority_reason) and case.priority >= 300

    client.force_login(case.owner)
    page = client.get(reverse("log:list", kwargs={"case_id": case.pk})).content.decode()
    assert "harassment-chart-figure" in page and "+8617012345678" in page

    audit_rows = AuditEvent.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert case.log_entries.count() == 20
    assert demo_log_add(case, actor=case.owner) == 0
    assert AuditEvent.objects.count() == audit_rows


def test_the_demo_has_check_ins_the_outcomes_page_shows_and_the_demo_case_asks_one(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo_data", stdout=io.StringIO())
    borrower_case = Case.objects.get(owner__username="demo-zhang")
    client.force_login(borrower_case.owner)
    assert "自从寄出/提交以来" in client.get(reverse("cases:detail", kwargs={"case_id": borrower_case.pk})).content.decode()
    client.force_login(User.objects.get(username="demo-staff"))
    page = client.get(reverse("staff:outcomes")).content.decode()
    assert "要求催收方停止违规催收" in page and "向放贷机构投诉" in page and "<svg" in page
    assert "案件不足" not in page
    count = Case.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert Case.objects.count() == count
