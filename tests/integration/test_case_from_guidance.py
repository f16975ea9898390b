"""The guidance flow's answers (guidance.guide_state) become a case of the logged-in borrower."""

import pytest
from django.urls import reverse

from complaints.models import AuditEvent, Case, User
from tests.guide import give_guide_state

pytestmark = pytest.mark.django_db

GUIDANCE = {
    "case": {
        "spec": "zhirao-case/1",
        "lender": {"kind": "microloan"},
        "harassment": {"channels": ["sms"], "targets": ["contacts"], "night_contact": True},
        "safety": {"in_danger_now": False},
        "wants": ["stop_harassment"],
    },
    "tree": {"id": "escalation", "version": "2026-11"},
}


def with_guidance(client, guidance=GUIDANCE):
    give_guide_state(client, guidance)


def test_logged_in_borrower_saves_the_answers_as_a_case(client):
    user = User.objects.create_user(username="+8613800138000", phone="+8613800138000", password="x")
    client.force_login(user)
    with_guidance(client)
    page = client.get(reverse("cases:create_from_guidance")).content.decode()
    assert "保存为我的案件" in page and not Case.objects.exists()
    response = client.post(reverse("cases:create_from_guidance"))
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    assert case.owner == user and case.tree_version == "2026-11" and case.lender_kind == "microloan"
    assert case.data["harassment"] == GUIDANCE["case"]["harassment"]
    assert case.data["borrower"] == {"phone": "+8613800138000"}
    assert AuditEvent.objects.filter(action="case.create", case_id=case.pk, actor=user).exists()
    # Saving again does not make a second copy.
    client.post(reverse("cases:create_from_guidance"))
    assert Case.objects.count() == 1


def test_a_plans_button_saves_the_case_after_sign_up_and_opens_its_letter(client):
    guidance = {**GUIDANCE, "case": {**GUIDANCE["case"], "lender": {"kind": "microloan", "name": "某某小额贷款有限公司"},
                                     "collector": {"numbers": ["+8617001234567", "+8617123456789"]}}}
    with_guidance(client, guidance)
    response = client.post(reverse("cases:create_from_guidance"), {"letter": "carrier_complaint", "to": "中国联通"})
    assert response["Location"].startswith(reverse("signup"))
    client.post(reverse("signup"), {"username": "lan-hua", "name": "林晓", "password1": "风雨无阻-Harbour-1987",
                                    "password2": "风雨无阻-Harbour-1987", "next": "/cases/from-guidance/"})
    response = client.get("/cases/from-guidance/")
    case = Case.objects.get()
    preview = reverse("letters:preview", args=[case.pk, "carrier_complaint"]) + "?to=%E4%B8%AD%E5%9B%BD%E8%81%94%E9%80%9A"
    assert response["Location"] == preview
    assert case.data["borrower"]["name"] == "林晓"
    assert client.get(preview).status_code == 200
    # A letter the case cannot have (no such carrier) lands on the case's page instead; never a second copy.
    response = client.post(reverse("cases:create_from_guidance"), {"letter": "carrier_complaint", "to": "中国移动"})
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    response = client.post(reverse("cases:create_from_guidance"), {"letter": "collector_cease"})
    assert response["Location"] == reverse("letters:preview", args=[case.pk, "collector_cease"])
    assert Case.objects.count() == 1


def test_anonymous_visitor_signs_up_and_the_case_is_created_after(client):
    with_guidance(client)
    response = client.post(reverse("cases:create_from_guidance"))
    assert response["Location"] == reverse("signup") + "?next=%2Fcases%2Ffrom-guidance%2F"
    assert not Case.objects.exists()
    response = client.post(reverse("signup") + "?next=/cases/from-guidance/", {
        "username": "lan-hua", "phone": "13800138000", "password1": "风雨无阻-Harbour-1987", "password2": "风雨无阻-Harbour-1987", "next": "/cases/from-guidance/",
    })
    code_page = client.get(response["Location"]).content.decode()
    assert 'href="/cases/from-guidance/"' in code_page
    response = client.get("/cases/from-guidance/")
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    assert case.owner.username == "lan-hua" and case.owner.phone == "+8613800138000" and case.lender_kind == "microloan"


def test_anonymous_visitor_who_logs_in_gets_the_case_too(client):
    User.objects.create_user(username="+8613800138000", phone="+8613800138000", password="风雨无阻-Harbour-1987")
    with_guidance(client)
    client.post(reverse("cases:create_from_guidance"))
    response = client.post(reverse("login"), {"username": "138 0013 8000", "password": "风雨无阻-Harbour-1987", "next": "/cases/from-guidance/"})
    assert response["Location"] == "/cases/from-guidance/"
    client.get(response["Location"])
    assert Case.objects.get().owner.phone == "+8613800138000"


def test_without_answers_the_borrower_is_told_to_answer_first(client):
    response = client.post(reverse("cases:create_from_guidance"), follow=True)
    assert "请先回答问题" in response.content.decode()
    assert not Case.objects.exists()


def test_answers_that_break_the_contract_are_not_saved(client):
    user = User.objects.create_user(username="+8613800138000", phone="+8613800138000", password="x")
    client.force_login(user)
    with_guidance(client, {"case": {"lender": {"kind": "pawnshop"}}})
    response = client.post(reverse("cases:create_from_guidance"), follow=True)
    assert "lender.kind" in response.content.decode()
    assert not Case.objects.exists()
