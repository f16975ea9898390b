"""docs/SECURITY.md, authentication: guessing is throttled, passwords are strong, sessions end, sign-up leaks nothing."""

import datetime as dt
import io
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from complaints.models import AuditEvent, ClinicMembership, User
from complaints.services.staff import claim_code_issue
from complaints.sessions import SESSION_STARTED_KEY
from tests.factories import BorrowerFactory, CaseFactory, ClinicAdminFactory, ClinicFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]

RIGHT = "correct-horse-battery-staple"
STRONG = "风雨无阻-Harbour-1987"


def wrong_logins(client, username, times=5, url=None):
    for _ in range(times):
        client.post(url or reverse("login"), {"username": username, "password": "wrong-password"})


@pytest.mark.parametrize("kind", ["borrower", "staff"])
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, kind):
    user = BorrowerFactory() if kind == "borrower" else StaffFactory()
    wrong_logins(client, user.username)
    response = client.post(reverse("login"), {"username": user.username, "password": RIGHT})
    assert response.status_code == 429
    assert "暂时被锁定" in response.content.decode() and "15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.locked_out", subject_id=str(user.pk)).exists()


def test_the_lock_counts_the_number_however_it_is_typed(client):
    user = BorrowerFactory(username="+8613800138000")
    for typed in ("13800138000", "138 0013 8000", "+86 138-0013-8000", "0086 13800138000", "１３８００１３８０００"):
        client.post(reverse("login"), {"username": typed, "password": "wrong-password"})
    assert client.post(reverse("login"), {"username": "13800138000", "password": RIGHT}).status_code == 429
    assert AccessAttempt.objects.get().username == user.username


def test_guessing_many_accounts_from_one_address_does_not_lock_out_others_behind_it(client):
    """One address is often a clinic's office or a carrier's NAT: failures there lock the accounts guessed,
    never a colleague logging in from the same address."""
    guessed = [BorrowerFactory() for _ in range(6)]
    for user in guessed:
        wrong_logins(client, user.username, times=6)
    colleague = type(client)(REMOTE_ADDR="127.0.0.1")  # the same address as the guesser
    assert colleague.post(reverse("login"), {"username": BorrowerFactory().username, "password": RIGHT}).status_code == 302
    # The guessed accounts are locked from every address.
    elsewhere = type(client)(REMOTE_ADDR="10.9.8.7")
    assert elsewhere.post(reverse("login"), {"username": guessed[0].username, "password": RIGHT}).status_code == 429


def test_old_log_in_records_expire(client, settings):
    """Axes' rows hold log-in names and addresses: `retention_purge` deletes those older than LOGIN_RECORDS_KEEP."""
    old, recent = BorrowerFactory(), BorrowerFactory()
    wrong_logins(client, old.username, times=2)
    wrong_logins(client, recent.username, times=2)
    for model in (AccessLog, AccessFailureLog):  # switched off here, but purged too should anyone switch them on
        for user in (old, recent):
            model.objects.create(username=user.username, ip_address="10.1.2.3", user_agent="")
    long_ago = timezone.now() - settings.LOGIN_RECORDS_KEEP - dt.timedelta(minutes=1)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=old.username).update(attempt_time=long_ago)
    call_command("retention_purge", stdout=io.StringIO())
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username=old.username).exists(), model
        assert model.objects.filter(username=recent.username).exists(), model


def test_admin_login_is_locked_too(client):
    admin = User.objects.create_superuser(username="root-admin", password=RIGHT)
    wrong_logins(client, admin.username, url=reverse("admin:login"))
    response = client.post(reverse("admin:login"), {"username": admin.username, "password": RIGHT})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_message_is_in_english_for_english_readers(client):
    user = BorrowerFactory()
    wrong_logins(client, user.username)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": user.username, "password": RIGHT})
    page = response.content.decode()
    assert response.status_code == 429 and "15 minutes" in page and "暂时被锁定" not in page
    translation.activate("zh-hans")


def test_recovery_codes_are_throttled_like_passwords(client):
    user = BorrowerFactory(username="lan-hua")
    user.recovery_code = "x"
    user.save()
    for _ in range(5):
        client.post(reverse("recovery"), {"username": "lan-hua", "code": "AAAA-BBBB-CCCC-DDDD",
                                          "new_password1": STRONG, "new_password2": STRONG})
    response = client.post(reverse("recovery"), {"username": "lan-hua", "code": "AAAA-BBBB-CCCC-DDDD",
                                                 "new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 429
    assert client.post(reverse("login"), {"username": "lan-hua", "password": RIGHT}).status_code == 429


def test_claim_codes_are_throttled_like_passwords(client):
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    case = CaseFactory(owner=None, shared_with=clinic)
    code = claim_code_issue(actor=staff, case=case)
    borrower = BorrowerFactory()
    client.force_login(borrower)
    for _ in range(4):
        assert client.post(reverse("claim:claim"), {"code": "ZZZZ-ZZZZ"}).status_code == 400
    assert client.post(reverse("claim:claim"), {"code": "ZZZZ-ZZZZ"}).status_code == 429  # the fifth locks
    response = client.post(reverse("claim:claim"), {"code": code})
    assert response.status_code == 429
    case.refresh_from_db()
    assert case.owner is None


def test_a_clinic_admin_unlocks_a_member_and_it_is_audited(client):
    clinic = ClinicFactory()
    admin = ClinicAdminFactory(clinic=clinic)
    member = StaffFactory(clinic=clinic)
    wrong_logins(client, member.username)
    assert client.post(reverse("login"), {"username": member.username, "password": RIGHT}).status_code == 429
    admin_client = type(client)(REMOTE_ADDR="10.0.0.2")
    admin_client.force_login(admin)
    membership = ClinicMembership.objects.get(user=member)
    assert "解除登录锁定" in admin_client.get(reverse("staff:team")).content.decode()
    assert admin_client.post(reverse("staff:team_unlock", args=[membership.pk])).status_code == 302
    event = AuditEvent.objects.get(action="clinic.staff_unlock")
    assert event.actor == admin and event.new_value["failures_forgotten"] >= 1
    assert not AccessAttempt.objects.filter(username=member.username).exists()
    # The account is free again, from the address that guessed too.
    assert client.post(reverse("login"), {"username": member.username, "password": RIGHT}).status_code == 302


def test_plain_staff_cannot_unlock(client):
    clinic = ClinicFactory()
    member, colleague = StaffFactory(clinic=clinic), StaffFactory(clinic=clinic)
    client.force_login(member)
    response = client.post(reverse("staff:team_unlock", args=[ClinicMembership.objects.get(user=colleague).pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="clinic.staff_unlock").exists()


def test_staff_passwords_need_twelve_characters_borrowers_eight(client):
    clinic = ClinicFactory()
    client.force_login(ClinicAdminFactory(clinic=clinic))
    response = client.post(reverse("staff:team_add"), {"username": "new-staff", "full_name": "赵六", "password": "Qx7-vbn-29z", "role": "staff"})
    assert response.status_code == 400 and "至少要 12 个字符" in response.content.decode()
    assert not User.objects.filter(username="new-staff").exists()
    client.logout()
    response = client.post(reverse("signup"), {"username": "lan-hua", "password1": "Qx7-vbn-29z", "password2": "Qx7-vbn-29z"})
    assert response.status_code == 302


@pytest.mark.parametrize(("password", "message"), [("password1234", "太常见"), ("12345678901234", "只包含数字"), ("new-staff-2026", "相似")])
def test_staff_passwords_go_through_the_common_numeric_and_similarity_checks(client, password, message):
    client.force_login(ClinicAdminFactory())
    response = client.post(reverse("staff:team_add"), {"username": "new-staff", "full_name": "赵六", "password": password, "role": "staff"})
    assert response.status_code == 400 and message in response.content.decode()


def test_a_borrowers_session_ends_with_the_browser_unless_she_asks_to_be_remembered(client):
    user = BorrowerFactory()
    client.post(reverse("login"), {"username": user.username, "password": RIGHT})
    assert client.session.get_expire_at_browser_close()
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": user.username, "password": RIGHT, "remember": "on"})
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() > 7 * 24 * 3600


def test_a_staff_session_ends_after_thirty_idle_minutes_and_after_a_working_day(client, settings):
    staff = StaffFactory()
    client.post(reverse("login"), {"username": staff.username, "password": RIGHT, "remember": "on"})
    assert client.session.get_expiry_age() == 30 * 60 and not client.session.get_expire_at_browser_close()
    assert client.get(reverse("staff:queue")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.STAFF_SESSION_MAX_AGE - 1
    session.save()
    response = client.get(reverse("staff:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_sign_up_does_not_reveal_that_a_number_is_registered(client):
    first = client.post(reverse("signup"), {"username": "lan-hua", "phone": "13800138000", "password1": STRONG, "password2": STRONG})
    assert first.status_code == 302
    client.post(reverse("logout"))
    # A collector signs up with the borrower's number: nothing says it is known, and it logs nobody in to her account.
    second = client.post(reverse("signup"), {"username": "collector-x", "phone": "138 0013 8000", "password1": STRONG, "password2": STRONG})
    assert second.status_code == 302
    assert "已经注册" not in second.content.decode()
    assert User.objects.filter(phone="+8613800138000").count() == 2
    lan = User.objects.get(username="lan-hua")
    assert int(client.session["_auth_user_id"]) != lan.pk


@pytest.mark.parametrize("name", ["13800138000", "+86 138 0013 8000", "lan13800138000"])
def test_a_phone_number_cannot_be_a_log_in_name(client, name):
    response = client.post(reverse("signup"), {"username": name, "password1": STRONG, "password2": STRONG})
    assert response.status_code == 200
    assert "登录名" in response.content.decode() and not User.objects.exists()


def test_log_in_pages_are_not_cached_and_signed_in_pages_neither(client):
    assert "no-store" in client.post(reverse("login"), {"username": "x", "password": "y"})["Cache-Control"]
    client.force_login(BorrowerFactory())
    assert "no-store" in client.get(reverse("cases:list"))["Cache-Control"]
