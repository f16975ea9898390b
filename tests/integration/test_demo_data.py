import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from complaints.models import Case, CaseShare, User

pytestmark = pytest.mark.django_db


def test_demo_data_creates_a_borrower_with_a_shared_case_once_and_prints_working_credentials(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = io.StringIO()
    call_command("demo_data", stdout=first)
    call_command("demo_data", stdout=io.StringIO())
    assert User.objects.filter(username="+8613800138000").count() == 1
    case = Case.objects.get()
    assert case.owner.username == "+8613800138000" and case.lender_kind == "consumer_finance"
    assert case.numbers.count() == 2
    assert CaseShare.objects.get().clinic.name == "示例法律援助工作站"
    password = re.search(r"borrower: \+8613800138000 / (\S+)", first.getvalue()).group(1)
    assert case.reference in first.getvalue()
    response = client.post(reverse("login"), {"username": "138 0013 8000", "password": password})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "示例消费金融有限公司" in page and "你的法律援助机构：示例法律援助工作站" in page


def test_the_demo_case_comes_with_two_checked_evidence_files_once(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo_data", stdout=io.StringIO())
    call_command("demo_data", stdout=io.StringIO())
    case = Case.objects.get()
    evidence = list(case.evidence.order_by("received_at", "id"))
    assert [(item.kind, item.content_type) for item in evidence] == [("image", "image/png"), ("sms_export", "application/xml")]
    assert all("演示数据" in item.description and item.proves for item in evidence)
    client.force_login(case.owner)
    download = client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence[1].pk}))
    assert download.status_code == 200 and b"<smses" in b"".join(download.streaming_content)
    page = client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "（演示数据）3月14日22:41催收短信截图" in page and evidence[0].sha256 in page
