"""Collectors across cases and the joint-complaint export, deadlines, weekly reports, seed data."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import AuditEvent, Case, CaseNumber, CaseShare, CollectorCount, LogEntry, SharedNumber
from complaints.services.collector_counts import collector_counts_rebuild
from complaints.services.numbers import shared_numbers_sync
from complaints.services.staff import case_status_change
from guidance import clock
from tests.factories import CaseFactory, ClinicFactory, LogEntryFactory

pytestmark = pytest.mark.django_db
NUMBER = "+8617012345678"


@pytest.fixture
def collector_cases(clinic):
    """Three clients here harassed by NUMBER (all agreed to joint complaints), one elsewhere, and one here by another number."""
    here = [CaseFactory(shared_with=clinic, joint_consent=True, borrower_name=name, numbers=[NUMBER]) for name in ("甲一", "乙二", "丙三")]
    CaseFactory(shared_with=ClinicFactory(), borrower_name="外机构", numbers=[NUMBER])
    CaseFactory(shared_with=clinic, borrower_name="丁四", numbers=["+8613900000000"])
    for index, case in enumerate(here):
        for minute in range(index + 1):
            LogEntryFactory(case=case, from_number=NUMBER, target="employer" if minute else "self",
                            at=dt.datetime(2026, 3, 10 + index, 22, minute, tzinfo=dt.UTC))
    return here


def test_collectors_page_sorts_numbers_by_cases_and_counts_other_clinics_without_names(client, staff, collector_cases):
    response = client.get(reverse("staff:collectors"))
    rows = list(response.context["page"].object_list)
    assert rows[0]["number"] == NUMBER
    assert (rows[0]["cases"], rows[0]["clients"], rows[0]["all_cases"]) == (3, 3, 4)
    assert rows[1]["number"] == "+8613900000000" and rows[1]["cases"] == 1
    assert "外机构" not in response.content.decode()


def test_collectors_by_lender_and_search(client, staff, collector_cases):
    response = client.get(reverse("staff:collectors"), {"kind": "lender"})
    row = response.context["page"].object_list[0]
    assert (row["lender_name"], row["cases"], row["all_cases"]) == ("某某消费金融有限公司", 4, 5)
    found = client.get(reverse("staff:collectors"), {"q": "170-1234-5678"}).context["page"].object_list
    assert [row["number"] for row in found] == [NUMBER]


def test_joint_complaint_csv_lists_the_clinics_consenting_clients_and_is_audited(client, staff, collector_cases):
    response = client.get(reverse("staff:collector_export_csv"), {"kind": "number", "key": NUMBER})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["案件编号", "求助人", "求助人电话"]
    assert rows[-2:] == [[], ["本机构另有涉及该催收方、但求助人未同意纳入联合投诉的案件（未列入）", "0"]]
    by_name = {row[1]: row for row in rows[1:-2]}
    assert set(by_name) == {"甲一", "乙二", "丙三"}  # not the other clinic's client, not the other number's
    assert by_name["丙三"][5] == "3" and by_name["丙三"][6] == "2"
    assert by_name["甲一"][7] == "2026-03-11 06:00"  # China time
    event = AuditEvent.objects.get(action="collector.export")
    assert event.actor == staff and len(event.new_value["cases"]) == 3 and event.new_value["key"] == NUMBER


def test_export_holds_only_clients_who_agreed_to_joint_complaints_and_counts_the_rest(client, staff, clinic, collector_cases):
    # Two more clients here harassed by NUMBER: one shared the case but never agreed to joint complaints,
    # one agreed and then withdrew that consent (the clinic still works both cases).
    CaseFactory(shared_with=clinic, borrower_name="戊五", numbers=[NUMBER])
    withdrawn = CaseFactory(shared_with=clinic, joint_consent=True, borrower_name="己六", numbers=[NUMBER])
    client.force_login(withdrawn.owner)
    share = withdrawn.shares.get()
    client.post(reverse("cases:share_joint_withdraw", kwargs={"case_id": withdrawn.pk, "share_id": share.pk}))
    client.force_login(staff)

    page = client.get(reverse("staff:collectors"))
    row = page.context["page"].object_list[0]
    assert (row["number"], row["cases"], row["consenting"], row["left_out"]) == (NUMBER, 5, 3, 2)
    text = page.content.decode()
    assert "未同意联合投诉" in text and "戊五" not in text and "己六" not in text

    rows = list(csv.reader(io.StringIO(client.get(reverse("staff:collector_export_csv"), {"kind": "number", "key": NUMBER})
                                       .content.decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:-2]} == {"甲一", "乙二", "丙三"}
    assert rows[-1] == ["本机构另有涉及该催收方、但求助人未同意纳入联合投诉的案件（未列入）", "2"]
    event = AuditEvent.objects.get(action="collector.export")
    assert len(event.new_value["cases"]) == 3 and event.new_value["left_out"] == 2

    lender = client.get(reverse("staff:collectors"), {"kind": "lender"}).context["page"].object_list[0]
    assert (lender["cases"], lender["consenting"], lender["left_out"]) == (6, 3, 3)  # 丁四 (another number) too
    lender_csv = client.get(reverse("staff:collector_export_csv"), {"kind": "lender", "key": "某某消费金融有限公司"})
    assert lender_csv.content.decode("utf-8-sig").strip().splitlines()[-1].endswith(",3")


def test_a_collector_with_no_consenting_client_offers_no_export(client, staff, clinic):
    CaseFactory(shared_with=clinic, borrower_name="庚七", numbers=[NUMBER])
    page = client.get(reverse("staff:collectors"))
    row = page.context["page"].object_list[0]
    assert (row["cases"], row["consenting"], row["left_out"]) == (1, 0, 1)
    text = page.content.decode()
    assert "还没有求助人同意" in text and reverse("staff:collector_export_csv") not in text
    assert client.get(reverse("staff:collector_export_csv"), {"kind": "number", "key": NUMBER}).status_code == 404
    assert client.get(reverse("staff:collector_export_pdf"), {"kind": "number", "key": NUMBER}).status_code == 404
    assert not AuditEvent.objects.filter(action="collector.export").exists()


def test_export_of_an_unknown_collector_is_404(client, staff, collector_cases):
    assert client.get(reverse("staff:collector_export_csv"), {"kind": "number", "key": "+8618800000000"}).status_code == 404
    assert client.get(reverse("staff:collector_export_csv"), {"kind": "bogus", "key": NUMBER}).status_code == 404


def test_deadlines_page_groups_passed_today_and_this_week(client, staff, clinic):
    today = clock.today()
    CaseFactory(shared_with=clinic, borrower_name="过期", next_deadline=today - dt.timedelta(days=3))
    CaseFactory(shared_with=clinic, borrower_name="今天", next_deadline=today)
    CaseFactory(shared_with=clinic, borrower_name="本周", next_deadline=today + dt.timedelta(days=5))
    CaseFactory(shared_with=clinic, borrower_name="以后", next_deadline=today + dt.timedelta(days=30))
    CaseFactory(shared_with=clinic, borrower_name="已结案", next_deadline=today, status=Case.Status.CLOSED)
    groups = client.get(reverse("staff:deadlines")).context["groups"]
    assert [case.borrower_name for case in groups["overdue"]] == ["过期"]
    assert [case.borrower_name for case in groups["today"]] == ["今天"]
    assert [case.borrower_name for case in groups["week"]] == ["本周"]


def test_weekly_report_counts_new_and_closed_cases_and_exports_csv(client, staff, clinic):
    first, _second = CaseFactory(shared_with=clinic), CaseFactory(shared_with=clinic)
    case_status_change(actor=staff, case=first, status=Case.Status.CLOSED)
    CaseFactory(shared_with=ClinicFactory())  # another clinic's case does not count
    rows = client.get(reverse("staff:reports")).context["rows"]
    assert len(rows) == 1 and rows[0]["new_cases"] == 2 and rows[0]["closed"] == 1 and rows[0]["letters_sent"] == 0
    response = client.get(reverse("staff:reports_csv"))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][0] == "周（周一）"
    assert lines[0][1:] == ["新增案件", "寄出文书", "收到答复", "答复：问题已解决", "答复：被拒绝", "答复：骚扰仍在继续", "结案"]
    assert lines[1][1:] == ["2", "0", "0", "0", "0", "0", "1"]
    monday = clock.today() - dt.timedelta(days=clock.today().weekday())
    assert lines[1][0] == monday.isoformat()


def test_seed_demo_creates_realistic_cases_with_logs_and_triage(clinic):
    call_command("seed_demo", cases=30, logs_per_case=5, stdout=io.StringIO())
    seeded = Case.objects.filter(owner__username__startswith="seed-")
    assert seeded.count() == 30
    assert LogEntry.objects.filter(case__in=seeded).count() > 60
    assert CaseNumber.objects.filter(case__in=seeded).count() >= 30
    assert all(case.borrower_name and case.lender_name and case.priority_reason for case in seeded)
    assert all(case.shares.filter(withdrawn_at__isnull=True).exists() for case in seeded)
    # Most synthetic clients also agreed to joint complaints, so the export has rows and the page has left-out counts.
    shares = CaseShare.objects.filter(case__in=seeded)
    assert shares.filter(joint_consented_at__isnull=False, joint_withdrawn_at__isnull=True).count() == 27
    assert all(share.joint_consent_text and share.joint_consented_by_id == share.case.owner_id
               for share in shares.filter(joint_consented_at__isnull=False).select_related("case"))
    # The rows the number counts read are what shared_numbers_sync makes of the seeded cases.
    written = set(SharedNumber.objects.values_list("share_id", "case_number_id", "clinic_id", "number", "case_id", "owner_id"))
    SharedNumber.objects.all().delete()
    for case in seeded:
        shared_numbers_sync(case)
    assert set(SharedNumber.objects.values_list("share_id", "case_number_id", "clinic_id", "number", "case_id", "owner_id")) == written
    assert len(written) == CaseNumber.objects.filter(case__in=seeded).count()
    # The collector counts seed_demo kept batch by batch are what a recount makes of the seeded cases.
    counted = set(CollectorCount.objects.filter(cases__gt=0).values_list("clinic_id", "kind", "key", "cases", "clients", "consenting"))
    collector_counts_rebuild()
    assert set(CollectorCount.objects.values_list("clinic_id", "kind", "key", "cases", "clients", "consenting")) == counted
    call_command("seed_demo", clear=True, stdout=io.StringIO())
    assert not Case.objects.filter(owner__username__startswith="seed-").exists()
    assert not CollectorCount.objects.exists()


def test_the_collectors_pages_read_a_fixed_number_of_queries_however_many_cases_name_the_collector(client, staff, clinic):
    """The ranking, its counts across clinics and its joint-consent counts are read from the stored counts: three times
    the cases, the same queries, for the ranking and for a search."""

    def add_cases(count):
        for index in range(count):
            CaseFactory(shared_with=clinic, joint_consent=index % 2 == 0, numbers=[NUMBER, "+8613900000000"])

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("staff:collectors"), params).status_code == 200
        return len(captured)

    add_cases(2)
    for params in ({}, {"kind": "lender"}, {"q": "170 1234 5678"}, {"kind": "lender", "q": "某某"}):
        queries(params)  # the first request of a session writes to it; the ones measured below do not
        few = queries(params)
        add_cases(4)
        assert queries(params) == few, params
