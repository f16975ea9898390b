"""English mode translates what stayed Chinese (issue 14): the harassment chart's legend, the staff queue's triage
reasons, and the names of the laws the plan cites. Letters stay Chinese."""

import datetime as dt
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from complaints.services.cases import case_create
from complaints.services.log import log_entry_create
from complaints.services.triage import case_refresh_priority
from guidance import clock
from tests.factories import CaseFactory, ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """A request in English leaves English active in the test's thread: the tests after these expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _in_english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_chart_legend_reads_in_english(client):
    case = CaseFactory()
    log_entry_create(actor=case.owner, case=case, at=dt.datetime(2026, 3, 14, 23, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                     channel="sms", from_number="+8617012345678", target="self", text="")
    client.force_login(case.owner)
    page = _in_english(client).get(reverse("log:list", kwargs={"case_id": case.pk})).content.decode()
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "Daytime (8:00–21:00)" in chart and "Night (21:00–8:00 next day)" in chart
    assert "白天" not in chart and "夜间" not in chart


def test_the_queue_gives_its_reasons_in_english(client):
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    case = CaseFactory(shared_with=clinic, data={"safety": {"in_danger_now": True}, "harassment": {"targets": ["self", "employer"]}})
    case_refresh_priority(case=case)
    client.force_login(staff)
    page = _in_english(client).get(reverse("staff:queue")).content.decode()
    assert "The client says they are in danger now; The collector contacted: Employer" in page
    case_page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert "The client says they are in danger now" in case_page and "人身危险" not in case_page


def test_the_plan_names_the_laws_it_cites_in_english(client):
    owner = UserFactory()
    case = case_create(owner=owner, actor=owner, data={
        "collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["sms"], "content": ["insult"]},
        "wants": ["compensation"], "today": clock.today().isoformat()})
    client.force_login(owner)
    page = _in_english(client).get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    summaries = [unescape(summary) for summary in re.findall(r"<summary>(Legal basis: [^<]*)</summary>", page)]
    assert summaries and "Legal basis: Civil Procedure Law of the People's Republic of China, Article 67" in summaries
    assert not [summary for summary in summaries if re.search(r"[\u4e00-\u9fff]", summary)], summaries


def test_the_plan_names_each_carrier_and_the_letters_ask_for_their_inputs_in_english(client):
    owner = UserFactory()
    case = case_create(owner=owner, actor=owner, data={
        "borrower": {"name": "赵敏", "phone": "+8613900139000"}, "collector": {"numbers": ["+8617012345678", "+8617112345678"]},
        "harassment": {"channels": ["sms"]}, "today": clock.today().isoformat()})
    client.force_login(owner)
    hub = _in_english(client).get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Letter to China Telecom" in hub and "Letter to China Unicom" in hub and "中国电信" not in hub
    preview = client.get(reverse("letters:preview", args=[case.pk, "miit_appeal"]) + "?to=中国电信").content.decode()
    assert "The appeal body&#x27;s postal address" in preview and "申诉受理机构的通讯地址" not in preview
    assert "The date and result of your complaint to the carrier" in preview
