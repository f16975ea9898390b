import pytest
from django.urls import reverse

from complaints.forms.sharing import CONSENT_TEXT
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
