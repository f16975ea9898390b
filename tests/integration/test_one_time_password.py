"""A password a clinic admin set works for one login: complaints.middleware sends its holder to the page that
replaces it (accounts.password_choose, service user_password_change) until they have; borrowers never see it."""

import pytest
from django.urls import reverse

from complaints.models import AuditEvent, CaseNote, ClinicMembership, User
from tests.factories import BorrowerFactory, CaseFactory, ClinicAdminFactory, StaffFactory

pytestmark = pytest.mark.django_db

ONE_TIME = "hongqi-lu-88-hao"
OWN = "风雨无阻-Harbour-1987"


@pytest.fixture
def admin(clinic):
    return ClinicAdminFactory(clinic=clinic)


@pytest.fixture
def case(clinic):
    return CaseFactory(shared_with=clinic, borrower_name="李四")


@pytest.fixture
def newcomer(client, admin):
    """A colleague the admin added on the team page, signed in with the password the admin chose."""
    client.force_login(admin)
    assert client.post(reverse("staff:team_add"), {"username": "xiaowang", "full_name": "小王", "password": ONE_TIME, "role": "staff"}).status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": "xiaowang", "password": ONE_TIME})
    assert response.status_code == 302
    return User.objects.get(username="xiaowang")


def choose(client, first, second=None):
    return client.post(reverse("password_choose"), {"new_password1": first, "new_password2": second or first})


def test_an_admin_added_login_must_choose_a_password(newcomer):
    assert newcomer.must_change_password
    assert newcomer.check_password(ONE_TIME)


@pytest.mark.parametrize("name, args", [
    ("home", ()), ("staff:queue", ()), ("staff:case", ("case",)), ("staff:team", ()), ("staff:mailing", ()),
    ("cases:list", ()), ("guidance:start", ()), ("claim:claim", ()), ("recovery", ()), ("admin:index", ()),
])
def test_every_page_sends_them_to_choose_a_password(client, newcomer, case, name, args):
    url = reverse(name, args=[case.pk if arg == "case" else arg for arg in args])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("password_choose")


def test_writes_are_refused_too_and_htmx_is_told_to_load_the_page(client, newcomer, case):
    response = client.post(reverse("staff:case_note_add", args=[case.pk]), {"text": "不应保存"})
    assert response.status_code == 302 and response["Location"] == reverse("password_choose")
    assert not CaseNote.objects.exists()
    htmx = client.get(reverse("staff:queue"), headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and htmx["HX-Redirect"] == reverse("password_choose")


def test_the_page_logout_health_check_language_switch_and_static_files_stay_open(client, newcomer):
    page = client.get(reverse("password_choose"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>设置你自己的新密码</h1>" in text
    assert "这是管理员为你设置的一次性密码，请设置只有你自己知道的新密码" in text
    assert client.get(reverse("healthz")).status_code == 200
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("password_choose")})
    assert switched.status_code == 302 and switched["Location"] == reverse("password_choose")
    assert "Location" not in client.get("/static/css/zhirao.css")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("staff:queue")).url.startswith(reverse("login"))


@pytest.mark.parametrize("first, second, message", [
    ("风雨无阻-Harbour-1987", "风雨无阻-Harbour-1988", "两次输入的密码不一样，请重新输入。"),
    ("20260314", None, "密码只包含数字。"),
    ("password123", None, "这个密码太常见了。"),
    ("xiaowang-1", None, "相似"),
    ("short1", None, "这个密码太短了，至少要 8 个字符。"),
    (ONE_TIME, None, "新密码不能和管理员设置的一次性密码相同"),
    ("", None, "请设置新密码。"),
])
def test_the_page_refuses_a_bad_password_in_chinese_and_keeps_the_flag(client, newcomer, first, second, message):
    response = choose(client, first, second)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'role="alert"' in text and 'aria-invalid="true"' in text
    assert 'aria-describedby="id_new_password' in text
    newcomer.refresh_from_db()
    assert newcomer.must_change_password and newcomer.check_password(ONE_TIME)
    assert not AuditEvent.objects.filter(action="account.password_change").exists()
    assert client.get(reverse("staff:queue"))["Location"] == reverse("password_choose")


def test_a_new_password_clears_the_flag_is_audited_and_lands_on_the_queue(client, newcomer):
    response = choose(client, OWN)
    assert response.status_code == 302 and response["Location"] == reverse("staff:queue")
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert newcomer.check_password(OWN) and not newcomer.check_password(ONE_TIME)
    # Still signed in (the session follows the new password hash) and every page opens again.
    assert client.get(reverse("staff:queue")).status_code == 200
    event = AuditEvent.objects.get(action="account.password_change")
    assert event.actor == newcomer and event.subject_id == str(newcomer.pk)
    assert event.old_value == {"must_change_password": True} and event.new_value == {"must_change_password": False}
    assert OWN not in str(event.old_value) + str(event.new_value)
    # Done once: the page is not offered again.
    assert client.get(reverse("password_choose"))["Location"] == reverse("home")


def test_borrowers_are_never_sent_there(client):
    response = client.post(reverse("signup"), {"username": "lan-hua", "phone": "138 0013 8000", "password1": OWN, "password2": OWN})
    assert response.status_code == 302
    borrower = User.objects.get(username="lan-hua")
    assert not borrower.must_change_password
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.get(reverse("password_choose"))["Location"] == reverse("home")
    client.force_login(BorrowerFactory())
    assert client.get(reverse("cases:list")).status_code == 200


def test_an_admin_resets_a_colleague_to_a_one_time_password_shown_once(client, clinic, admin):
    colleague = StaffFactory(clinic=clinic, username="xiaoli")
    membership = ClinicMembership.objects.get(user=colleague)
    client.force_login(admin)
    assert "重设为一次性密码" in client.get(reverse("staff:team")).content.decode()
    response = client.post(reverse("staff:team_password_reset", args=[membership.pk]))
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    password = response.context["one_time_password"]["password"]
    assert password in response.content.decode() and "xiaoli 的一次性密码" in response.content.decode()
    colleague.refresh_from_db()
    assert colleague.must_change_password and colleague.check_password(password)
    assert not colleague.check_password("correct-horse-battery-staple")
    event = AuditEvent.objects.get(action="clinic.staff_password_reset")
    assert event.actor == admin and event.new_value == {"username": "xiaoli", "must_change_password": True}
    assert password not in str(event.new_value)
    # Not shown again.
    assert password not in client.get(reverse("staff:team")).content.decode()

    client.logout()
    client.post(reverse("login"), {"username": "xiaoli", "password": password})
    assert client.get(reverse("staff:queue"))["Location"] == reverse("password_choose")
    assert choose(client, OWN)["Location"] == reverse("staff:queue")


def test_an_admin_cannot_reset_their_own_password(client, clinic, admin):
    client.force_login(admin)
    response = client.post(reverse("staff:team_password_reset", args=[ClinicMembership.objects.get(user=admin).pk]), follow=True)
    assert "不能重设自己的密码。" in response.content.decode()
    admin.refresh_from_db()
    assert not admin.must_change_password
    assert not AuditEvent.objects.filter(action="clinic.staff_password_reset").exists()
