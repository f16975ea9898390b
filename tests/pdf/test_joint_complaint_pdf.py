import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ClinicFactory, LogEntryFactory, StaffFactory
from tests.pdf_tools import a4_pages, pdf_fonts, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def test_joint_complaint_pdf_summarises_every_consenting_client_in_chinese(client):
    clinic = ClinicFactory(name="越秀法律援助工作站")
    staff = StaffFactory(clinic=clinic)
    for name in ("陈一", "林二"):
        case = CaseFactory(shared_with=clinic, joint_consent=True, borrower_name=name, numbers=["+8617012345678"])
        LogEntryFactory(case=case, from_number="+8617012345678", at=dt.datetime(2026, 3, 14, 14, 41, tzinfo=dt.UTC))
    # Shared with the clinic, but not agreed to joint complaints: counted, never named.
    CaseFactory(shared_with=clinic, borrower_name="未同意", numbers=["+8617012345678"])
    CaseFactory(shared_with=ClinicFactory(), joint_consent=True, borrower_name="外人", numbers=["+8617012345678"])
    client.force_login(staff)
    response = client.get(reverse("staff:collector_export_pdf"), {"kind": "number", "key": "+8617012345678"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "联合投诉材料汇总" in text and "+8617012345678" in text
    assert "越秀法律援助工作站" in text and "陈一" in text and "林二" in text and "外人" not in text
    flat = "".join(text.split())
    assert "共2位求助人" in flat and "2026-03-14 22:41" in text
    assert "未同意" not in text.replace("因求助人未同意", "")
    assert "另有1个本机构案件涉及同一催收方，因求助人未同意纳入联合投诉，未列入本材料" in flat
    assert a4_pages(response.content)
    assert all(font.embedded for font in pdf_fonts(response.content))
    assert any("CJK" in font.name for font in pdf_fonts(response.content))
