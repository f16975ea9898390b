"""Staff who belong to several clinics choose the one they work for (the header's select, kept in the session).

Every staff page then reads that clinic only; a clinic they are not a member of is refused and changes nothing.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from complaints.models import AuditEvent, ClinicMembership
from complaints.views.staff import CLINIC_SESSION_KEY
from tests.factories import CaseFactory, ClinicFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinics():
    # Created in this order, so the first clinic has the lower id: the default for a member of both.
    return ClinicFactory(name="东区法律援助工作站"), ClinicFactory(name="西区法律援助工作站")


@pytest.fixture
def member_of_both(clinics, client):
    east, west = clinics
    user = StaffFactory(clinic=west)
    ClinicMembership.objects.create(user=user, clinic=east)
    CaseFactory(shared_with=east, borrower_name="东区求助人")
    CaseFactory(shared_with=west, borrower_name="西区求助人")
    client.force_login(user)
    return user


def queue_names(client):
    response = client.get(reverse("staff:queue"))
    assert response.status_code == 200
    return [row["borrower_name"] for row in response.context["rows"]], response.content.decode()


def test_a_member_of_two_clinics_starts_with_the_first_and_switches_to_the_other(client, clinics, member_of_both):
    east, west = clinics
    names, page = queue_names(client)
    assert names == ["东区求助人"]
    # The header offers both clinics, the current one selected, in a form that works without JavaScript.
    assert 'action="/staff/clinic/"' in page and 'name="csrfmiddlewaretoken"' in page
    assert re.search(rf'<option value="{east.pk}" selected>东区法律援助工作站</option>', page)
    assert f'<option value="{west.pk}">西区法律援助工作站</option>' in page

    response = client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)}, follow=True)
    assert response.redirect_chain == [(reverse("staff:queue"), 302)]
    assert client.session[CLINIC_SESSION_KEY] == west.pk
    assert "现在为“西区法律援助工作站”工作。" in response.content.decode()
    names, page = queue_names(client)
    assert names == ["西区求助人"]
    assert "东区求助人" not in page
    assert re.search(rf'<option value="{west.pk}" selected>西区法律援助工作站</option>', page)


def test_the_chosen_clinic_decides_which_cases_open_and_what_is_recorded(client, clinics, member_of_both):
    east, west = clinics
    east_case = CaseFactory(shared_with=east, borrower_name="东区另一位")
    assert client.get(reverse("staff:case", args=[east_case.pk])).status_code == 200
    client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)})
    # Working for the west clinic, the east clinic's case is not on this desk (404, as for any other clinic's case).
    assert client.get(reverse("staff:case", args=[east_case.pk])).status_code == 404
    assert client.post(reverse("staff:case_status", args=[east_case.pk]), {"status": "triaged"}).status_code == 404
    east_case.refresh_from_db()
    assert east_case.status == "new"
    assert AuditEvent.objects.filter(action="case.staff_view", case_id=east_case.pk).count() == 1
    # Walk-in clients are registered with the clinic worked for.
    client.post(reverse("staff:walk_in"), {"borrower_name": "到访者"})
    assert AuditEvent.objects.get(action="case.walk_in_open").new_value["clinic_id"] == west.pk


@pytest.mark.parametrize("forged", ["other", "missing", "text"])
def test_a_forged_clinic_id_is_refused_and_changes_nothing(client, clinics, member_of_both, forged):
    _east, west = clinics
    client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)})
    other = ClinicFactory(name="别的机构")
    CaseFactory(shared_with=other, borrower_name="别的机构的求助人")
    value = {"other": str(other.pk), "missing": str(other.pk + 1000), "text": "1 OR 1=1"}[forged]
    response = client.post(reverse("staff:clinic_switch"), {"clinic": value})
    assert response.status_code == 403
    assert client.session[CLINIC_SESSION_KEY] == west.pk
    names, page = queue_names(client)
    assert names == ["西区求助人"]
    assert "别的机构" not in page


def test_a_choice_forged_into_the_session_is_checked_on_every_request(client, clinics, member_of_both):
    _east, _west = clinics
    other = ClinicFactory()
    CaseFactory(shared_with=other, borrower_name="别的机构的求助人")
    session = client.session
    session[CLINIC_SESSION_KEY] = other.pk
    session.save()
    # Not a member there: the choice is dropped and the default (the first clinic) is used.
    names, _page = queue_names(client)
    assert names == ["东区求助人"]
    assert CLINIC_SESSION_KEY not in client.session


def test_leaving_a_clinic_falls_back_to_the_first_one_left(client, clinics, member_of_both):
    _east, west = clinics
    client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)})
    ClinicMembership.objects.filter(user=member_of_both, clinic=west).delete()
    names, page = queue_names(client)
    assert names == ["东区求助人"]
    assert 'action="/staff/clinic/"' not in page  # one clinic left: nothing to choose


def test_an_empty_choice_goes_back_to_the_first_clinic(client, clinics, member_of_both):
    _east, west = clinics
    client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)})
    assert client.post(reverse("staff:clinic_switch"), {}).status_code == 302
    assert CLINIC_SESSION_KEY not in client.session
    assert queue_names(client)[0] == ["东区求助人"]


def test_the_switch_needs_the_csrf_token(clinics, member_of_both):
    _east, west = clinics
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_of_both)
    assert client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)}).status_code == 403
    assert CLINIC_SESSION_KEY not in client.session
    page = client.get(reverse("staff:queue")).content.decode()
    token = re.search(r'<form class="clinic-switch".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S).group(1)
    response = client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.session[CLINIC_SESSION_KEY] == west.pk


def test_the_team_page_is_the_chosen_clinics_and_needs_its_admin_role(client, clinics):
    east, west = clinics
    user = StaffFactory(clinic=east)
    ClinicMembership.objects.create(user=user, clinic=west, role=ClinicMembership.Role.CLINIC_ADMIN)
    colleague = StaffFactory(clinic=west, username="west-colleague")
    client.force_login(user)
    assert client.get(reverse("staff:team")).status_code == 403  # working for the east clinic, where they are staff
    client.post(reverse("staff:clinic_switch"), {"clinic": str(west.pk)})
    response = client.get(reverse("staff:team"))
    assert response.status_code == 200
    assert colleague.username in response.content.decode()


def test_staff_of_one_clinic_see_no_choice(client, clinics):
    client.force_login(StaffFactory(clinic=clinics[0]))
    _names, page = queue_names(client)
    assert 'action="/staff/clinic/"' not in page
