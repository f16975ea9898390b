import pytest
from django.urls import reverse

from complaints.forms.sharing import CONSENT_TEXT, JOINT_CONSENT_TEXT
from complaints.models import AuditEvent, CaseShare
from complaints.services.cases import case_create
from tests.factories import ClinicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = UserFactory(username="+8613800138000", phone="+8613800138000")
    client.force_login(user)
    return user


@pytest.fixture
def case(owner):
    return case_create(owner=owner, actor=owner)


def share_url(case):
    return reverse("cases:share", kwargs={"case_id": case.pk})


def joint_url(share, withdraw=False):
    name = "cases:share_joint_withdraw" if withdraw else "cases:share_joint_consent"
    return reverse(name, kwargs={"case_id": share.case_id, "share_id": share.pk})


def test_share_page_shows_the_clinics_and_the_consent_text(client, case):
    clinic = ClinicFactory(name="广州示例法律援助工作站")
    page = client.get(share_url(case)).content.decode()
    assert "广州示例法律援助工作站" in page and str(CONSENT_TEXT) in page
    assert f'value="{clinic.pk}"' in page and 'name="consent"' in page


def test_sharing_needs_the_separate_consent_box(client, case):
    clinic = ClinicFactory()
    response = client.post(share_url(case), {"clinic": clinic.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "单独、明确地同意" in page and 'role="alert"' in page
    assert f'value="{clinic.pk}" id="id_clinic_0" checked' in page or "checked" in page.split(f'value="{clinic.pk}"')[1][:40]
    assert not CaseShare.objects.exists()


def test_sharing_without_a_clinic_says_so(client, case):
    ClinicFactory()
    response = client.post(share_url(case), {"consent": "on"})
    assert "请选择一个法律援助机构" in response.content.decode()
    assert not CaseShare.objects.exists()


def test_share_records_consent_then_withdraw_ends_it(client, owner, case):
    clinic = ClinicFactory(name="深圳示例法律援助工作站", phone="0755-12345678")
    response = client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    assert response.status_code == 302
    share = CaseShare.objects.get()
    assert (share.case, share.clinic, share.consented_by) == (case, clinic, owner)
    assert share.consent_text == str(CONSENT_TEXT) and share.consented_at is not None and share.withdrawn_at is None
    event = AuditEvent.objects.get(action="case.share")
    assert event.new_value == {"clinic_id": clinic.pk, "consent_text": str(CONSENT_TEXT)} and event.actor == owner

    # The clinic's contact is in the help strip on the case's pages.
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "你的法律援助机构：深圳示例法律援助工作站" in page and 'href="tel:0755-12345678"' in page

    # Sharing twice with the same clinic is refused.
    again = client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    assert "已经分享给" in again.content.decode()
    assert CaseShare.objects.count() == 1

    client.post(reverse("cases:share_withdraw", kwargs={"case_id": case.pk, "share_id": share.pk}))
    share.refresh_from_db()
    assert share.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="case.share_withdraw", subject_id=str(share.pk)).exists()
    page = client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "你的法律援助机构" not in page

    # Consent can be given again after a withdrawal; the old record stays.
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    assert CaseShare.objects.count() == 2 and CaseShare.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_withdrawing_twice_is_a_404_the_second_time(client, owner, case):
    clinic = ClinicFactory()
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    share = CaseShare.objects.get()
    url = reverse("cases:share_withdraw", kwargs={"case_id": case.pk, "share_id": share.pk})
    assert client.post(url).status_code == 302
    first = CaseShare.objects.get().withdrawn_at
    assert client.post(url).status_code == 404
    assert CaseShare.objects.get().withdrawn_at == first


def test_help_strip_names_the_clinic_on_pages_outside_the_case_too(client, owner, case):
    clinic = ClinicFactory(name="深圳示例法律援助工作站", phone="0755-12345678")
    assert "你的法律援助机构" not in client.get(reverse("home")).content.decode()
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    for url in (reverse("home"), reverse("cases:list"), "/no-such-page/"):
        page = client.get(url).content.decode()
        assert "你的法律援助机构：深圳示例法律援助工作站" in page and 'href="tel:0755-12345678"' in page, url
        assert 'href="tel:110"' in page


# --- the separate consent to joint complaints ---

def test_the_joint_complaint_consent_is_a_separate_unticked_box_with_its_own_text(client, case):
    ClinicFactory()
    page = client.get(share_url(case)).content.decode()
    assert str(JOINT_CONSENT_TEXT) in page and "监管部门、电信运营商或公安机关" in page
    box = page.split('name="joint_consent"')[1].split(">")[0]
    assert "checked" not in box and 'aria-describedby="joint-consent-text"' in box


def test_sharing_alone_gives_no_joint_complaint_consent(client, owner, case):
    clinic = ClinicFactory()
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    share = CaseShare.objects.get()
    assert share.joint_consented_at is None and share.joint_consent_text == "" and not share.joint_consent_active
    assert not AuditEvent.objects.filter(action__startswith="case.share_joint").exists()
    page = client.get(share_url(case)).content.decode()
    assert "你还没有同意纳入联合投诉" in page and joint_url(share) in page


def test_ticking_the_box_records_both_consents_with_their_texts(client, owner, case):
    clinic = ClinicFactory()
    assert client.post(share_url(case), {"clinic": clinic.pk, "consent": "on", "joint_consent": "on"}).status_code == 302
    share = CaseShare.objects.get()
    assert share.consent_text == str(CONSENT_TEXT) and share.joint_consent_text == str(JOINT_CONSENT_TEXT)
    assert share.joint_consented_by == owner and share.joint_consented_at is not None and share.joint_withdrawn_at is None
    event = AuditEvent.objects.get(action="case.share_joint_consent")
    assert event.actor == owner and event.case_id == case.pk and event.subject_id == str(share.pk)
    assert event.new_value == {"clinic_id": clinic.pk, "consent_text": str(JOINT_CONSENT_TEXT)} and event.old_value is None


def test_the_joint_box_alone_shares_nothing(client, case):
    ClinicFactory()
    response = client.post(share_url(case), {"joint_consent": "on"})
    assert response.status_code == 200 and not CaseShare.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="case.share").exists()


def test_joint_consent_given_withdrawn_and_given_again_for_an_existing_share(client, owner, case):
    clinic = ClinicFactory(name="番禺示例法律援助工作站")
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on"})
    share = CaseShare.objects.get()

    assert client.get(joint_url(share)).status_code == 405  # a link or a prefetch never consents
    response = client.post(joint_url(share))
    assert response.status_code == 302
    share.refresh_from_db()
    first = share.joint_consented_at
    assert first is not None and share.joint_consent_text == str(JOINT_CONSENT_TEXT) and share.joint_consented_by == owner
    assert AuditEvent.objects.filter(action="case.share_joint_consent", actor=owner, subject_id=str(share.pk)).count() == 1
    page = client.get(share_url(case)).content.decode()
    assert "同意纳入这个机构的联合投诉材料" in page and joint_url(share, withdraw=True) in page

    # Pressing again changes nothing (idempotent, no second audit row).
    client.post(joint_url(share))
    share.refresh_from_db()
    assert share.joint_consented_at == first
    assert AuditEvent.objects.filter(action="case.share_joint_consent").count() == 1

    assert client.post(joint_url(share, withdraw=True)).status_code == 302
    share.refresh_from_db()
    assert share.joint_withdrawn_at is not None and share.withdrawn_at is None  # the clinic keeps the case
    withdrawal = AuditEvent.objects.get(action="case.share_joint_consent_withdraw")
    assert withdrawal.actor == owner and withdrawal.old_value == {"joint_consented_at": first.isoformat()}
    assert "你还没有同意纳入联合投诉" in client.get(share_url(case)).content.decode()

    client.post(joint_url(share))
    share.refresh_from_db()
    assert share.joint_consent_active and share.joint_consented_at > first
    again = AuditEvent.objects.filter(action="case.share_joint_consent").latest("id")
    assert again.old_value["joint_consented_at"] == first.isoformat()


def test_withdrawing_the_share_withdraws_the_joint_consent_too(client, owner, case):
    clinic = ClinicFactory()
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on", "joint_consent": "on"})
    share = CaseShare.objects.get()
    client.post(reverse("cases:share_withdraw", kwargs={"case_id": case.pk, "share_id": share.pk}))
    share.refresh_from_db()
    assert share.withdrawn_at is not None and share.joint_withdrawn_at == share.withdrawn_at
    assert AuditEvent.objects.filter(action="case.share_joint_consent_withdraw", actor=owner, subject_id=str(share.pk)).exists()
    # A withdrawn share takes no joint consent.
    assert client.post(joint_url(share)).status_code == 404
    share.refresh_from_db()
    assert share.joint_withdrawn_at is not None


@pytest.mark.parametrize("withdraw", [False, True])
def test_another_borrower_cannot_change_someone_elses_joint_consent(client, owner, case, withdraw):
    clinic = ClinicFactory()
    client.post(share_url(case), {"clinic": clinic.pk, "consent": "on", **({"joint_consent": "on"} if withdraw else {})})
    share = CaseShare.objects.get()
    state = lambda: CaseShare.objects.values_list("joint_consented_at", "joint_withdrawn_at", "withdrawn_at").get(pk=share.pk)  # noqa: E731
    before, audit_rows = state(), AuditEvent.objects.count()
    client.force_login(UserFactory(username="+8613900139000", phone="+8613900139000"))
    assert client.post(joint_url(share, withdraw=withdraw)).status_code == 404
    assert client.get(joint_url(share, withdraw=withdraw)).status_code == 404
    assert state() == before and AuditEvent.objects.count() == audit_rows
