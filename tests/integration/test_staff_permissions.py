"""Every staff URL against: the clinic's own staff, staff of another clinic, the borrower who owns the case, and anonymous.

The table below must name every URL of complaints/urls/staff.py (a test checks it), so a new URL
cannot be added without its permission test.
"""

import pytest
from django.urls import reverse

from complaints.models import AuditEvent, Case, CaseNote, ClinicMembership, User
from complaints.urls import staff as staff_urls
from tests.factories import CaseFactory, ClinicAdminFactory, ClinicFactory, StaffFactory

pytestmark = pytest.mark.django_db

# name -> (method, kwargs keys, POST data)
STAFF_URLS = {
    "queue": ("get", (), None),
    "clinic_switch": ("post", (), {}),
    # CASE stands for the world's case id: a clinic's own staff start its letters, another clinic's are refused it.
    "cases_letters": ("post", (), {"case": "CASE"}),
    "walk_in": ("post", (), {"borrower_name": "王五", "collector_numbers": "17012345678"}),
    "case": ("get", ("case_id",), None),
    "case_note_add": ("post", ("case_id",), {"text": "已电话联系求助人"}),
    "case_assign": ("post", ("case_id",), {"assignee": ""}),
    "case_status": ("post", ("case_id",), {"status": "triaged"}),
    "case_claim_code": ("post", ("case_id",), {}),
    "case_audit": ("get", ("case_id",), None),
    "collectors": ("get", (), None),
    "collector_export_csv": ("get", (), None),
    "collector_export_pdf": ("get", (), None),
    "deadlines": ("get", (), None),
    "reports": ("get", (), None),
    "reports_csv": ("get", (), None),
    "outcomes": ("get", (), None),
    "mailing": ("get", (), None),
    "mailing_pdf": ("post", (), {}),
    "mailing_csv": ("get", (), None),
    "mailing_record": ("post", (), {"tracking_1": "XA123456789CN", "method": "registered", "mailed_on": "2026-03-02"}),
    "team": ("get", (), None),
    "team_add": ("post", (), {"username": "new-staff", "full_name": "赵六", "password": "a-long-enough-pass-9", "role": "staff"}),
    "team_role": ("post", ("membership_id",), {"role": "clinic_admin"}),
    "team_password_reset": ("post", ("membership_id",), {}),
    "team_deactivate": ("post", ("membership_id",), {}),
    "team_unlock": ("post", ("membership_id",), {}),
    "team_otp_reset": ("post", ("membership_id",), {}),
}
EXPORT_QUERY = "?kind=number&key=%2B8617012345678"


@pytest.fixture
def world():
    clinic, other_clinic = ClinicFactory(), ClinicFactory()
    admin = ClinicAdminFactory(clinic=clinic)
    colleague = StaffFactory(clinic=clinic)
    case = CaseFactory(shared_with=clinic, joint_consent=True, borrower_name="秘密姓名", numbers=["+8617012345678"])
    return {
        "clinic": clinic, "admin": admin, "colleague": colleague, "case": case,
        "membership": ClinicMembership.objects.get(user=colleague),
        "other_admin": ClinicAdminFactory(clinic=other_clinic),
        "other_staff": StaffFactory(clinic=other_clinic),
    }


def url_for(name, world):
    kwargs = {"case_id": world["case"].pk, "membership_id": world["membership"].pk}
    keys = STAFF_URLS[name][1]
    url = reverse(f"staff:{name}", kwargs={key: kwargs[key] for key in keys})
    return url + (EXPORT_QUERY if name.startswith("collector_export") else "")


def request(client, name, world):
    method, _keys, data = STAFF_URLS[name]
    url = url_for(name, world)
    data = data and {key: world["case"].pk if value == "CASE" else value for key, value in data.items()}
    return client.post(url, data) if method == "post" else client.get(url)


def test_the_table_covers_every_staff_url():
    assert {pattern.name for pattern in staff_urls.urlpatterns} == set(STAFF_URLS)


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_anonymous_visitors_are_sent_to_login(client, world, name, settings):
    # The login page belongs to the accounts area; its path is what matters here.
    settings.LOGIN_URL = "/accounts/login/"
    response = request(client, name, world)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "next=" in response.url


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_the_borrower_who_owns_the_case_gets_no_staff_page(client, world, name):
    client.force_login(world["case"].owner)
    assert request(client, name, world).status_code in (403, 404)


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_of_another_clinic_see_nothing_of_this_clinic(client, world, name):
    case_before = Case.objects.values("status", "assignee_id", "owner_id").get(pk=world["case"].pk)
    client.force_login(world["other_admin"])
    response = request(client, name, world)
    if STAFF_URLS[name][1] or name.startswith("collector_export"):
        assert response.status_code in (403, 404)
    else:
        # Their own clinic's pages open, without this clinic's client or colleagues (recording a letter
        # that is not on their own mailing list is refused with 400).
        assert response.status_code in ((200, 302, 400) if name == "mailing_record" else (200, 302))
        assert "秘密姓名".encode() not in response.content
        assert world["colleague"].username.encode() not in response.content
    assert Case.objects.values("status", "assignee_id", "owner_id").get(pk=world["case"].pk) == case_before
    assert not CaseNote.objects.exists()
    assert ClinicMembership.objects.get(pk=world["membership"].pk).role == "staff"


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_the_clinic_admin_can_use_every_page(client, world, name):
    client.force_login(world["admin"])
    response = request(client, name, world)
    # No letter is ready to mail in this world, so recording tracking numbers is refused (400, in Chinese);
    # tests/integration/test_staff_mailing.py records real ones.
    allowed = (200, 302, 400) if name == "mailing_record" else (200, 302)
    assert response.status_code in allowed, response.content[:500]


@pytest.mark.parametrize("name", ["team", "team_add", "team_role", "team_password_reset", "team_deactivate", "team_unlock", "team_otp_reset"])
def test_plain_staff_cannot_manage_the_team(client, world, name):
    client.force_login(world["colleague"])
    assert request(client, name, world).status_code == 403
    assert ClinicMembership.objects.get(pk=world["membership"].pk).role == "staff"
    assert not AuditEvent.objects.filter(action__startswith="clinic.").exists()
    assert not User.objects.filter(must_change_password=True).exists()


def test_a_withdrawn_share_ends_staff_access(client, world):
    world["case"].shares.update(withdrawn_at="2026-03-01T00:00:00Z")
    client.force_login(world["admin"])
    assert client.get(reverse("staff:case", args=[world["case"].pk])).status_code == 404
    assert "秘密姓名" not in client.get(reverse("staff:queue")).content.decode()


def test_no_url_edits_or_deletes_notes_or_audit_entries():
    names = {pattern.name for pattern in staff_urls.urlpatterns}
    assert not {name for name in names if "delete" in name or "edit" in name or "update" in name}
