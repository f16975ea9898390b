"""A borrower never reaches another borrower's case: every URL of complaints/urls/cases.py that takes a case is a 404."""

import pytest
from django.urls import URLPattern, reverse

from complaints.models import AuditEvent, Case, CaseShare
from complaints.services.cases import case_create, case_share_create
from complaints.urls import cases as case_urls
from tests.factories import ClinicFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CASE_URL_NAMES = [pattern.name for pattern in case_urls.urlpatterns if isinstance(pattern, URLPattern) and "case_id" in pattern.pattern.converters]
# The owner-only pages: clinic staff who see the case still get 404 on these.
OWNER_ONLY = {"share", "share_withdraw", "share_joint_consent", "share_joint_withdraw", "export_json", "export_evidence", "delete",
              # Rewriting the borrower's records (CaseAs.EDITOR): staff add steps, but neither edit sections nor delete steps.
              "edit_section", "step_delete"}


def test_the_list_of_case_urls_is_complete():
    assert set(CASE_URL_NAMES) >= {"detail", "edit_section", "steps", "step_delete", "share", "share_withdraw", "share_joint_consent",
                                   "share_joint_withdraw", "export_json", "export_evidence", "delete"}


@pytest.fixture
def victim_case():
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = case_create(owner=owner, actor=owner, data={"borrower": {"name": "张三"}, "steps_taken": [{"action": "complain_lender", "on": "2026-03-02"}]})
    # With the joint-complaint consent given, so a withdrawal by someone else would show in the share's state.
    share = case_share_create(case=case, clinic=ClinicFactory(), consent_text="同意", actor=owner, joint_consent_text="同意联合投诉")
    return case, share


def _kwargs(name, case, share):
    converters = next(p for p in case_urls.urlpatterns if p.name == name).pattern.converters
    values = {"case_id": case.pk, "section": "borrower", "index": 0, "share_id": share.pk}
    return {key: values[key] for key in converters}


def _share_state(share):
    return CaseShare.objects.values_list("withdrawn_at", "joint_consented_at", "joint_withdrawn_at").get(pk=share.pk)


@pytest.mark.parametrize("name", CASE_URL_NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_borrower_gets_404_on_every_case_url(client, victim_case, name, method):
    case, share = victim_case
    before = (Case.objects.get(pk=case.pk).data, *_share_state(share), AuditEvent.objects.count())
    client.force_login(UserFactory(username="+8613900139000", phone="+8613900139000"))
    url = reverse(f"cases:{name}", kwargs=_kwargs(name, case, share))
    response = getattr(client, method)(url, {"name": "李四", "confirm_reference": case.reference, "action": "report_police", "on": "2026-03-03"})
    assert response.status_code == 404, url
    assert "张三" not in response.content.decode()
    assert (Case.objects.get(pk=case.pk).data, *_share_state(share), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("name", CASE_URL_NAMES)
def test_staff_of_another_clinic_get_404_and_staff_of_the_shared_clinic_only_on_owner_pages(client, victim_case, name):
    case, share = victim_case
    url = reverse(f"cases:{name}", kwargs=_kwargs(name, case, share))
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory(clinic=share.clinic))
    status = client.get(url).status_code
    if name in OWNER_ONLY:
        assert status == 404
    else:
        assert status in (200, 302, 405)


def test_a_withdrawn_share_ends_staff_access(client, victim_case):
    case, share = victim_case
    staff = StaffFactory(clinic=share.clinic)
    client.force_login(staff)
    url = reverse("cases:detail", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="case.staff_view", actor=staff, case_id=case.pk).exists()
    client.force_login(case.owner)
    client.post(reverse("cases:share_withdraw", kwargs={"case_id": case.pk, "share_id": share.pk}))
    client.force_login(staff)
    assert client.get(url).status_code == 404
