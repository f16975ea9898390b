import re

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from complaints.models import AuditEvent, User
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

STRONG = "风雨无阻-Harbour-1987"


def sign_up(client, username="lan-hua", phone="138 0013 8000", password=STRONG, password2=None, **extra):
    return client.post(reverse("signup"), {"username": username, "phone": phone, "password1": password,
                                           "password2": password2 or password, **extra})


def shown_code(client) -> str:
    page = client.get(reverse("recovery_code")).content.decode()
    return re.search(r"<code>([A-Z0-9-]+)</code>", page).group(1)


def test_sign_up_keeps_the_name_for_her_letters(client):
    from complaints.services.cases import case_create

    sign_up(client, name="  林  晓 ")
    user = User.objects.get()
    assert user.first_name == "林 晓"
    case = case_create(owner=user, actor=user)
    assert case.data["borrower"] == {"name": "林 晓", "phone": "+8613800138000"}


def test_sign_up_stores_e164_logs_in_and_shows_the_recovery_code_once(client):
    response = sign_up(client, phone="+86 138-0013-8000")
    assert response.status_code == 302 and response["Location"] == reverse("recovery_code")
    user = User.objects.get()
    assert user.username == "lan-hua" and user.phone == "+8613800138000"
    assert user.check_password(STRONG)
    code = shown_code(client)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    assert code not in user.recovery_code and check_password(code.replace("-", ""), user.recovery_code)
    # Shown once: the page does not show it again.
    again = client.get(reverse("recovery_code"))
    assert again.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200  # logged in
    assert AuditEvent.objects.filter(action="account.sign_up", subject_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("12345", "不是有效的手机号"),
        ("010-12345678", "不是有效的手机号"),  # a Beijing landline
        ("+1 202 555 0143", "中国大陆手机号"),
        ("1380013800", "不是有效的手机号"),  # one digit short
    ],
)
def test_sign_up_refuses_numbers_that_are_not_mainland_mobiles(client, phone, message):
    response = sign_up(client, phone=phone)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'role="alert"' in page and 'aria-invalid="true"' in page
    assert f'value="{phone}"' in page or not phone  # what was typed is kept
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "太短"), ("12345678901", "密码只包含数字"), ("password123", "太常见"), ("lan-hua-1", "相似")],
)
def test_sign_up_refuses_weak_passwords_in_chinese(client, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_refuses_mismatched_passwords(client):
    response = sign_up(client, password2=STRONG + "x")
    assert "两次输入的密码不一样" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_refuses_a_log_in_name_already_taken_in_any_case(client):
    sign_up(client, username="Lan-Hua")
    client.post(reverse("logout"))
    response = sign_up(client, username="lan-hua", phone="13900139000")
    assert "这个登录名已被使用" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize("typed", ["lan-hua", " lan-hua "])
def test_login_by_log_in_name(client, typed):
    sign_up(client)
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": typed, "password": STRONG})
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")  # her cases, not the home page
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


@pytest.mark.parametrize("typed", ["13800138000", "138 0013 8000", "138-0013-8000", "+8613800138000", "0086 13800138000", "１３８００１３８０００"])
def test_accounts_from_before_log_in_names_log_in_by_phone_number_in_any_format(client, typed):
    User.objects.create_user(username="+8613800138000", phone="+8613800138000", password=STRONG)
    response = client.post(reverse("login"), {"username": typed, "password": STRONG})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


def test_wrong_password_gets_a_chinese_message_and_no_session(client):
    sign_up(client)
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "lan-hua", "password": "wrong"})
    assert response.status_code == 200
    assert "登录名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_log_in_with_their_username(client):
    staff = StaffFactory(username="clinic-wang")
    response = client.post(reverse("login"), {"username": "clinic-wang", "password": "correct-horse-battery-staple"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:queue")
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_logout_is_a_post_and_ends_the_session(client):
    sign_up(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_recovery_code_resets_the_password_and_is_replaced(client):
    sign_up(client)
    code = shown_code(client)
    client.post(reverse("logout"))
    new_password = "新的密码-Lantern-2026"
    response = client.post(reverse("recovery"), {
        "username": "lan-hua", "code": code.lower().replace("-", " "), "new_password1": new_password, "new_password2": new_password,
    })
    assert response.status_code == 302
    user = User.objects.get()
    assert user.check_password(new_password)
    new_code = shown_code(client)
    assert new_code != code
    assert AuditEvent.objects.filter(action="account.password_reset_with_recovery_code", subject_id=str(user.pk)).exists()
    # The old code is spent.
    client.post(reverse("logout"))
    response = client.post(reverse("recovery"), {"username": "lan-hua", "code": code, "new_password1": STRONG, "new_password2": STRONG})
    assert "登录名或恢复码不正确" in response.content.decode()
    assert User.objects.get().check_password(new_password)


def test_recovery_with_a_wrong_code_or_unknown_number_says_the_same_and_changes_nothing(client):
    sign_up(client)
    client.post(reverse("logout"))
    for username in ("lan-hua", "someone-else"):
        response = client.post(reverse("recovery"), {"username": username, "code": "AAAA-BBBB-CCCC-DDDD", "new_password1": "另一个-Password-77", "new_password2": "另一个-Password-77"})
        page = response.content.decode()
        assert "登录名或恢复码不正确" in page and 'role="alert"' in page
    assert User.objects.get().check_password(STRONG)


def test_recovery_refuses_a_weak_new_password_and_keeps_the_code_valid(client):
    sign_up(client)
    code = shown_code(client)
    client.post(reverse("logout"))
    response = client.post(reverse("recovery"), {"username": "lan-hua", "code": code, "new_password1": "123", "new_password2": "123"})
    assert "太短" in response.content.decode()
    response = client.post(reverse("recovery"), {"username": "lan-hua", "code": code, "new_password1": "好的密码-Orchard-55", "new_password2": "好的密码-Orchard-55"})
    assert response.status_code == 302


def test_sign_up_then_continue_to_next(client):
    response = sign_up(client, next=reverse("cases:create"))
    assert response["Location"] == reverse("recovery_code") + "?next=%2Fcases%2Fnew%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'href="/cases/new/"' in page


def test_sign_up_ignores_an_offsite_next(client):
    response = sign_up(client, next="https://evil.example/")
    assert response["Location"] == reverse("recovery_code")
