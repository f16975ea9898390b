"""The case hub (cases:detail) reads what it shows in a fixed number of queries, whatever the case holds, and shows
the same: the help strip's clinic comes from the shares the hub reads anyway, the counts from one query."""

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Evidence, LogEntry, ThirdPartyUpload
from complaints.selectors.case_file import case_counts
from complaints.services.cases import case_share_create, case_step_add
from tests.factories import CaseFactory, ClinicFactory, LogEntryFactory, StaffFactory

pytestmark = pytest.mark.django_db

# The session and its user, then the hub's own: the case through the gate, its counts, its active shares, the
# changes staff made, its mailed letters.
HUB_QUERIES = 2 + 5
# A case whose check-in is due (a step taken weeks ago) also reads its answers and the contacts since the step.
CHECK_IN_QUERIES = 2


def _hub(client, case):
    return client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))


def _upload(case, number: int) -> ThirdPartyUpload:
    return ThirdPartyUpload.objects.create(
        case=case, uploader_name="王小明", relation="family", consent_version="1", consented_at=timezone.now(),
        sha256=f"{number:064x}", size=10, kind=Evidence.Kind.IMAGE, content_type="image/png", original_name="截图.png")


def test_the_owners_hub_reads_in_a_fixed_number_of_queries_and_shows_what_it_read(client, django_assert_num_queries):
    first, second = ClinicFactory(name="深圳示例法律援助工作站", phone="0755-12345678"), ClinicFactory(name="广州示例法律援助工作站")
    case = CaseFactory(shared_with=first)
    case_share_create(case=case, clinic=second, consent_text="我同意该机构查看并处理我的案件。", actor=case.owner)
    staff = StaffFactory(clinic=first, first_name="小红", last_name="陈")
    case_step_add(case=case, step={"action": "complain_carrier", "on": "2026-03-01"}, actor=staff)
    _upload(case, 1)
    client.force_login(case.owner)
    _hub(client, case)  # the first request after force_login settles the session's lifetime (complaints.sessions)
    with django_assert_num_queries(HUB_QUERIES + CHECK_IN_QUERIES):
        page = _hub(client, case).content.decode()
    # The help strip names the clinic shared with first, as help_clinic_for does on the case's pages.
    assert "你的法律援助机构：深圳示例法律援助工作站" in page and 'href="tel:0755-12345678"' in page
    assert "已分享给：深圳示例法律援助工作站、广州示例法律援助工作站" in page
    assert "有 1 个别人提供的文件等你采纳或拒收" in page
    assert "</time> · 陈小红 · " in page and "行动计划" in page and 'name="answer"' in page

    # More shares, uploads and staff changes: the same number of queries.
    case_step_add(case=case, step={"action": "complain_carrier", "on": "2026-03-02"}, actor=staff)
    _upload(case, 2)
    with django_assert_num_queries(HUB_QUERIES + CHECK_IN_QUERIES):
        assert "有 2 个别人提供的文件等你采纳或拒收" in _hub(client, case).content.decode()


def test_a_case_without_check_in_or_shares_reads_only_the_hubs_own(client, django_assert_num_queries):
    case = CaseFactory()
    client.force_login(case.owner)
    _hub(client, case)
    with django_assert_num_queries(HUB_QUERIES):
        page = _hub(client, case).content.decode()
    assert "这个案件只有你能看到。" in page and 'href="tel:12348"' in page


def test_staff_on_the_hub_see_no_clinic_in_the_help_strip(client):
    clinic = ClinicFactory(name="深圳示例法律援助工作站")
    case = CaseFactory(shared_with=clinic)
    client.force_login(StaffFactory(clinic=clinic))
    page = _hub(client, case).content.decode()
    # help_clinic_for reads only the user's own cases: staff get the legal-aid links, as before.
    assert "你的法律援助机构" not in page and 'href="tel:12348"' in page
    assert "已分享给" not in page  # sharing is the owner's part of the page


def test_case_counts_counts_files_confirmed_entries_and_waiting_uploads():
    case = CaseFactory()
    LogEntryFactory(case=case)
    LogEntryFactory(case=case, pending_review=True)
    _upload(case, 1)
    assert case_counts(case) == {"evidence_held": {"files": 0, "log_entries": 1}, "third_party_pending": 0}
    assert case_counts(case, third_party_pending=True)["third_party_pending"] == 1
    assert LogEntry.objects.filter(case=case).count() == 2
