"""docs/SECURITY.md, the access matrix: every URL of the site, taken from the URL map, has a rule here.

A URL is either public (listed below, with why) or needs a log-in: anonymous visitors are sent to the
log-in page (or refused) and never get a page. A new URL that is in neither list fails
test_every_url_has_a_rule, so it cannot ship without someone deciding who may use it. Who among the
signed-in may use which case URL is tested URL by URL in test_case_access.py (other borrowers, staff of
other clinics, staff of the shared clinic) and test_staff_permissions.py (staff pages by role).
"""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ClinicFactory
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
              "entry_id": 1, "letter_id": 1, "job_id": 1, "kind": "collector_cease", "membership_id": 1, "node_id": "start"}
    converters = dict(URLS)[name]
    url = reverse(name, kwargs=_kwargs(converters, values))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 403, 404, 405), (method, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), (method, url, response["Location"])
        assert "秘密姓名" not in response.content.decode(errors="replace")
