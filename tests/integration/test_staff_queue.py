"""The triage queue: order, reasons, filters, search by number in any format, fixed query count."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from complaints.models import Case
from complaints.services.cases import case_create
from complaints.services.log import log_entry_create
from complaints.services.triage import case_refresh_priority
from complaints.triage import reason_text
from guidance import clock
from tests.factories import BorrowerFactory, CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


def queue(client, **params):
    response = client.get(reverse("staff:queue"), params)
    assert response.status_code == 200
    return response


def names_in(response):
    return [row["borrower_name"] for row in response.context["rows"]]


def test_the_most_urgent_case_comes_first_with_its_reason(client, staff, clinic):
    quiet = CaseFactory(shared_with=clinic, borrower_name="平静")
    employer = CaseFactory(shared_with=clinic, borrower_name="单位", data={"harassment": {"targets": ["self", "employer"]}})
    danger = CaseFactory(shared_with=clinic, borrower_name="危险", data={"safety": {"in_danger_now": True}})
    for case in (quiet, employer, danger):
        case_refresh_priority(case=case)
    response = queue(client)
    assert names_in(response) == ["危险", "单位", "平静"]
    page = response.content.decode()
    assert "求助人表示现在有人身危险" in page
    assert "催收方联系了工作单位" in page
    assert page.index("危险") < page.index("单位") < page.index("平静")


def test_each_row_shows_its_level_case_reason_status_assignee_and_deadline(client, staff, clinic):
    today = clock.today()
    unnamed_colleague = StaffFactory(clinic=clinic, username="desk2", first_name="", last_name="")
    overdue = CaseFactory(shared_with=clinic, borrower_name="<甲>", lender_name="恒信消费金融有限公司", status=Case.Status.WAITING,
                          assignee=staff, priority=310, priority_reason="third_parties=family|employer",
                          next_deadline=today - dt.timedelta(days=2))
    later = CaseFactory(shared_with=clinic, borrower_name="", lender_name="", status=Case.Status.IN_PROGRESS, assignee=unnamed_colleague,
                        priority=120, priority_reason="deadline_today", next_deadline=today + dt.timedelta(days=3))
    quiet = CaseFactory(shared_with=clinic, borrower_name="丙", lender_name="", priority=0, priority_reason="")
    page = queue(client).content.decode()
    cells = re.findall(r"<tr>\s*(.*?)\s*</tr>", page, re.S)[1:]
    assert [re.sub(r"\s*\n\s*", "", cell) for cell in cells] == [
        f'<td data-label="选择"><input type="checkbox" name="case" value="{overdue.pk}" id="pick-{overdue.pk}"><label class="visually-hidden" for="pick-{overdue.pk}">选择 {overdue.reference}</label></td>'
        '<td data-label="优先级"><span class="priority priority--3">高</span></td>'
        f'<td data-label="案件"><a href="/staff/cases/{overdue.pk}/">&lt;甲&gt;</a><br><small>{overdue.reference} · 恒信消费金融有限公司</small></td>'
        '<td data-label="原因">催收方联系了家人、工作单位</td><td data-label="状态">等待答复</td><td data-label="负责人">张三</td>'
        f'<td data-label="下一个期限"><span class="overdue">{overdue.next_deadline.isoformat()}</span></td>',
        f'<td data-label="选择"><input type="checkbox" name="case" value="{later.pk}" id="pick-{later.pk}"><label class="visually-hidden" for="pick-{later.pk}">选择 {later.reference}</label></td>'
        '<td data-label="优先级"><span class="priority priority--1">一般</span></td>'
        f'<td data-label="案件"><a href="/staff/cases/{later.pk}/">（未填姓名）</a><br><small>{later.reference}</small></td>'
        '<td data-label="原因">等待答复的期限今天届满</td><td data-label="状态">处理中</td><td data-label="负责人">desk2</td>'
        f'<td data-label="下一个期限"><span>{later.next_deadline.isoformat()}</span></td>',
        f'<td data-label="选择"><input type="checkbox" name="case" value="{quiet.pk}" id="pick-{quiet.pk}"><label class="visually-hidden" for="pick-{quiet.pk}">选择 {quiet.reference}</label></td>'
        '<td data-label="优先级"><span class="priority priority--0">低</span></td>'
        f'<td data-label="案件"><a href="/staff/cases/{quiet.pk}/">丙</a><br><small>{quiet.reference}</small></td>'
        '<td data-label="原因"></td><td data-label="状态">新案件</td><td data-label="负责人">未分配</td><td data-label="下一个期限">—</td>',
    ]


def test_log_entries_raise_the_priority_through_the_refresh(staff, clinic):
    case = CaseFactory(shared_with=clinic)
    for hour in (22, 23):  # the log's services store its summary, which the refresh reads
        log_entry_create(actor=case.owner, case=case, at=dt.datetime(2026, 3, 14, hour, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                         channel="sms", from_number="+8617012345678", target="self", text="")
    case_refresh_priority(case=case)
    case.refresh_from_db()
    assert case.priority // 100 == 2
    assert "夜间（21:00–8:00）被联系 2 次" in reason_text(case.priority_reason)


def test_deadline_comes_from_the_plan_engine(staff, clinic):
    step_day = clock.today() - dt.timedelta(days=40)
    case = CaseFactory(shared_with=clinic, data={
        "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
        "steps_taken": [{"action": "complain_lender", "on": step_day.isoformat(), "result": "no_reply"}],
    })
    case_refresh_priority(case=case)
    case.refresh_from_db()
    assert case.next_deadline is not None
    assert step_day < case.next_deadline < clock.today()  # passed without a reply
    assert "届满" in reason_text(case.priority_reason)


@pytest.mark.parametrize("typed", ["17012345678", "170 1234 5678", "+86 170-1234-5678", "0086 17012345678", "(170)1234-5678"])
def test_search_finds_a_case_by_a_collector_number_in_any_format(client, staff, clinic, typed):
    CaseFactory(shared_with=clinic, borrower_name="号码命中", numbers=["+8617012345678"])
    CaseFactory(shared_with=clinic, borrower_name="别的号码", numbers=["+8613900000000"])
    assert names_in(queue(client, q=typed)) == ["号码命中"]


@pytest.mark.parametrize("typed", ["13912345678", "139-1234-5678", "+86 139 1234 5678"])
def test_search_finds_a_client_by_their_own_number(client, staff, clinic, typed):
    CaseFactory(shared_with=clinic, borrower_name="回电的求助人", borrower_phone="+8613912345678")
    CaseFactory(shared_with=clinic, borrower_name="别人")
    CaseFactory(borrower_name="没有共享给本机构", borrower_phone="+8613912345678")
    assert names_in(queue(client, q=typed)) == ["回电的求助人"]


def test_client_number_follows_the_case_file():
    borrower = BorrowerFactory()
    case = case_create(owner=borrower, actor=borrower, data={"borrower": {"name": "张三", "phone": "139 1234 5678"}})
    assert Case.objects.get(pk=case.pk).borrower_phone == "+8613912345678"


def test_search_finds_sms_ports_by_their_digits(client, staff, clinic):
    CaseFactory(shared_with=clinic, borrower_name="端口", numbers=["10690000123456"])
    assert names_in(queue(client, q="1069 0000 123456")) == ["端口"]


def test_search_by_name_reference_and_lender(client, staff, clinic):
    first = CaseFactory(shared_with=clinic, borrower_name="王小明", lender_name="恒信消费金融有限公司")
    CaseFactory(shared_with=clinic, borrower_name="李大壮", lender_name="鑫源小额贷款有限公司")
    assert names_in(queue(client, q="王小")) == ["王小明"]
    assert names_in(queue(client, q=first.reference.lower())) == ["王小明"]
    assert names_in(queue(client, q="鑫源")) == ["李大壮"]


def test_filters_status_assignee_priority_lender_deadline(client, staff, clinic):
    today = clock.today()
    CaseFactory(shared_with=clinic, borrower_name="甲", status=Case.Status.WAITING, assignee=staff, priority=310,
                next_deadline=today - dt.timedelta(days=2), lender_name="恒信消费金融有限公司")
    CaseFactory(shared_with=clinic, borrower_name="乙", status=Case.Status.NEW, priority=120, next_deadline=today,
                lender_name="鑫源小额贷款有限公司")
    CaseFactory(shared_with=clinic, borrower_name="丙", status=Case.Status.NEW, priority=0)
    assert names_in(queue(client, status="waiting")) == ["甲"]
    assert names_in(queue(client, assignee="me")) == ["甲"]
    assert names_in(queue(client, assignee=str(staff.pk))) == ["甲"]
    assert names_in(queue(client, assignee="none")) == ["乙", "丙"]
    assert names_in(queue(client, priority="3")) == ["甲"]
    assert names_in(queue(client, priority="0")) == ["丙"]
    assert names_in(queue(client, lender="鑫源")) == ["乙"]
    assert names_in(queue(client, deadline="overdue")) == ["甲"]
    assert names_in(queue(client, deadline="today")) == ["乙"]
    assert names_in(queue(client, deadline="week")) == ["乙"]
    assert names_in(queue(client, deadline="none")) == ["丙"]


def test_an_invalid_filter_is_reported_and_the_queue_still_shows(client, staff, clinic):
    CaseFactory(shared_with=clinic, borrower_name="甲")
    response = queue(client, status="nonsense")
    assert 'role="alert"' in response.content.decode()
    assert response.context["form"].errors["status"]


def test_htmx_requests_get_only_the_results(client, staff, clinic):
    CaseFactory(shared_with=clinic, borrower_name="甲")
    response = client.get(reverse("staff:queue"), {"q": "甲"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="queue-results"' in page and "<html" not in page and "甲" in page


def test_the_queue_paginates(client, staff, clinic):
    for index in range(55):
        CaseFactory(shared_with=clinic, borrower_name=f"求助人{index}")
    first = queue(client)
    assert len(first.context["page"].object_list) == 50
    assert "page=2" in first.content.decode()
    assert len(queue(client, page="2").context["page"].object_list) == 5


def test_the_number_of_queries_does_not_grow_with_the_page(client, staff, clinic, django_assert_num_queries):
    def fill(count):
        for _ in range(count):
            CaseFactory(shared_with=clinic, assignee=staff, priority=150, next_deadline=dt.date(2026, 1, 5), numbers=["+8617012345678"])
    fill(3)
    client.get(reverse("staff:queue"))  # warm the session
    # session, user, the user's clinics, the assignee list, the count, the page: six, however many cases.
    with django_assert_num_queries(6):
        queue(client)
    fill(40)
    with django_assert_num_queries(6):
        queue(client)
    with django_assert_num_queries(6):
        queue(client, q="李", status="new", priority="1", assignee="me", lender="某某")
    with django_assert_num_queries(6):
        queue(client, q="0086-170-1234-5678", deadline="overdue")


def test_daily_refresh_raises_cases_whose_deadline_came_close(clinic):
    step_day = clock.today() - dt.timedelta(days=13)
    case = CaseFactory(shared_with=clinic, data={
        "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
        "steps_taken": [{"action": "complain_lender", "on": step_day.isoformat(), "result": "no_reply"}],
    })
    case_refresh_priority(case=case, today=step_day)  # computed on the day of the complaint: deadline far away
    case.refresh_from_db()
    assert case.priority == 0 and case.next_deadline is not None
    out = io.StringIO()
    call_command("triage_refresh", stdout=out)
    case.refresh_from_db()
    assert case.priority // 100 == 1 and "届满" in reason_text(case.priority_reason)
    assert "Refreshed 1 cases." in out.getvalue()
