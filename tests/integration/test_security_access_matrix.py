"""docs/SECURITY.md, the access matrix: every URL of the site, taken from the URL map, has a rule here.

A URL is either public (listed below, with why) or needs a log-in: anonymous visitors are sent to the
log-in page (or refused) and never get a page. A new URL that is in neither list fails
test_every_url_has_a_rule, so it cannot ship without someone deciding who may use it. Who among the
signed-in may use which case URL is tested URL by URL in test_case_access.py (other borrowers, staff of
other clinics, staff of the shared clinic) and test_staff_permissions.py (staff pages by role).
"""

import pytest
from django.urls import reverse

from complaints.management.letter_samples import stored_case
from complaints.models import AuditEvent, Letter, LetterEdit
from complaints.services.cases import case_share_create
from tests.factories import CaseFactory, ClinicFactory, StaffFactory, UserFactory
from tests.integration.test_security_fuzz import URLS, _kwargs

pytestmark = [pytest.mark.django_db, pytest.mark.security]

PUBLIC = {
    "home": "the start page",
    "healthz": "the process supervisor's check (says only ok)",
    "readyz": "the load balancer's check (says only ok or the failing part's error class)",
    "clinics": "every clinic's public contact",
    "set_language": "the language switch",
    "guidance:start": "the questions before any account",
    "guidance:restart": "the questions before any account",
    "guidance:question": "the questions before any account (answers kept in the session only)",
    "guidance:review": "the questions before any account",
    "guidance:plan": "the plan from those answers, before any account",
    "signup": "making an account",
    "login": "logging in",
    "recovery": "resetting a forgotten password with the recovery code",
    "recovery_code": "shows the code only to the session that just made it, else redirects",
    "cases:create_from_guidance": "saving the plan sends an anonymous visitor to sign up first",
    "third_party:upload": "a borrower's upload link: its 256-bit secret is the permission (upload only, shows nothing of the case)",
}
# `logout` is not fuzzed (it would end the session the fuzz needs) but is a POST that only ends a session.
SIGNED_IN = sorted(name for name, _converters in URLS if name not in PUBLIC)


def test_every_url_has_a_rule():
    names = {name for name, _converters in URLS}
    assert set(PUBLIC) <= names, "a public URL listed here no longer exists"
    assert len(SIGNED_IN) >= 60


@pytest.mark.parametrize("name", SIGNED_IN)
def test_anonymous_visitors_get_no_page_behind_a_log_in(client, name):
    clinic = ClinicFactory()
    case = CaseFactory(shared_with=clinic, borrower_name="秘密姓名")
    values = {"case_id": case.pk, "section": "borrower", "index": 0, "share_id": case.shares.get().pk, "evidence_id": 1,
              "entry_id": 1, "letter_id": 1, "job_id": 1, "kind": "collector_cease", "membership_id": 1, "node_id": "start",
              "link_id": 1, "upload_id": 1, "proposal_id": 1}
    converters = dict(URLS)[name]
    url = reverse(name, kwargs=_kwargs(converters, values))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 403, 404, 405), (method, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), (method, url, response["Location"])
        assert "秘密姓名" not in response.content.decode(errors="replace")


def test_the_public_upload_link_needs_its_whole_secret_and_shows_nothing_of_the_case(client):
    from complaints.services.third_party import link_create, link_revoke

    case = CaseFactory(borrower_name="秘密姓名", borrower_phone="+8613812345678", lender_name="秘密贷款公司")
    new = link_create(actor=case.owner, case=case, days=1)
    for wrong in (new.token[:-1] + ("A" if new.token[-1] != "A" else "B"), new.token[:-1], new.link.token_hash, "x" * 43):
        assert client.get(reverse("third_party:upload", kwargs={"token": wrong})).status_code == 404
    page = client.get(reverse("third_party:upload", kwargs={"token": new.token}))
    assert page.status_code == 200
    for secret in ("秘密姓名", "13812345678", "秘密贷款公司", case.reference):
        assert secret not in page.content.decode()
    link_revoke(actor=case.owner, link=new.link)
    gone = client.get(reverse("third_party:upload", kwargs={"token": new.token}))
    assert gone.status_code == 410 and "秘密姓名" not in gone.content.decode()


def test_staff_of_the_shared_clinic_read_a_letter_but_only_the_borrower_changes_its_inputs(client):
    """A letter's inputs are the borrower's (complaints.selectors.access.case_may_rewrite): staff of a clinic the
    case is shared with see the letter without the form, and their POST is refused with a message, saving nothing."""
    borrower = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = stored_case(borrower)
    clinic = ClinicFactory()
    case_share_create(case=case, clinic=clinic, consent_text="同意", actor=borrower)
    preview = reverse("letters:preview", args=[case.pk, "collector_cease"])
    client.force_login(borrower)
    assert client.post(preview, {"narrative": "她自己的话", "demands": "停止联系我"}).status_code == 302
    saved = LetterEdit.objects.get(case=case, kind="collector_cease")
    before = (saved.inputs, saved.narrative, saved.demands)

    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    page = client.get(preview).content.decode()
    assert "她自己的话" in page and 'name="narrative"' not in page and "保存并更新预览" not in page
    assert "文书的填写内容只有借款人本人可以修改" in page
    refused = client.post(preview, {"narrative": "工作人员改写", "demands": "别的请求"})
    assert refused.status_code == 403
    assert 'role="alert"' in refused.content.decode() and "文书的填写内容只有借款人本人可以修改" in refused.content.decode()
    saved.refresh_from_db()
    assert (saved.inputs, saved.narrative, saved.demands) == before
    assert not AuditEvent.objects.filter(action="letter.edit", actor=staff).exists()
    # Reading, generating and downloading stay open to them.
    assert client.post(reverse("letters:generate", args=[case.pk, "collector_cease"])).status_code == 302
    letter = Letter.objects.get(case=case)
    assert client.get(reverse("letters:download", args=[case.pk, letter.pk])).status_code == 200
