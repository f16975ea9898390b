"""docs/SECURITY.md, malformed input: no URL of the site answers a malformed value with a 500.

The URL list is enumerated from the URL map (a new URL is fuzzed without anyone adding it here); every
form field name found on any page is posted to every URL with each malformed value, and every URL is
asked for with ids beyond 64 bits. The test client re-raises a view's exception, so a 500 fails the test
with its traceback.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from complaints.models import ClinicMembership, ThirdPartyUpload
from complaints.services.evidence import evidence_upload
from complaints.services.third_party import link_create, third_party_upload
from tests.factories import (
    CaseFactory,
    ClinicAdminFactory,
    ClinicFactory,
    LogEntryFactory,
    ScreenshotProposalFactory,
    StaffFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.security]

# Leaving ends the session the rest of the requests need; /admin/ is Django's own.
SKIPPED = {"logout"}
MALFORMED = [
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "0001-01-01",
    "99999999999999999999999",
    "-1",
    "1e309",
    "\x00",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example\")",
    "Ｘ" * 5000,
    "9" * 5000,  # digits past Python's int() limit of 4300, where an id is parsed from text
]
HUGE_ID = 2**70


def _url_patterns(patterns=None, namespace=None, converters=None):
    """(name, {argument: converter}) of every named URL, with the converters of the includes around it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        around = {**(converters or {}), **pattern.pattern.converters}
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            yield from _url_patterns(pattern.url_patterns, pattern.namespace or namespace, around)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), around


URLS = sorted({name: converters for name, converters in _url_patterns() if name not in SKIPPED}.items())
URLS_WITH_IDS = [(name, converters) for name, converters in URLS
                 if any(type(converter).__name__ == "IntConverter" for converter in converters.values())]


def _png(colour="white") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world():
    clinic = ClinicFactory()
    admin = ClinicAdminFactory(clinic=clinic)
    colleague = StaffFactory(clinic=clinic)
    case = CaseFactory(shared_with=clinic, joint_consent=True, numbers=["+8617012345678"],
                       data={"spec": "zhirao-case/1", "borrower": {"name": "李四"},
                             "steps_taken": [{"action": "complain_lender", "on": "2026-03-02"}]})
    evidence = evidence_upload(actor=case.owner, case=case, uploaded=_png()).evidence
    entry = LogEntryFactory(case=case)
    proposal = ScreenshotProposalFactory(evidence=evidence)
    link = link_create(actor=case.owner, case=case, days=3)
    third_party_upload(link=link.link, uploaded=_png("black"), uploader_name="王小明", relation="family", consent_version="2026-12-06.1")
    return {
        "owner": case.owner, "admin": admin,
        "values": {"case_id": case.pk, "section": "borrower", "index": 0, "share_id": case.shares.get().pk,
                   "evidence_id": evidence.pk, "entry_id": entry.pk, "letter_id": 1, "job_id": 1, "kind": "collector_cease",
                   "membership_id": ClinicMembership.objects.get(user=colleague).pk, "node_id": "start",
                   "link_id": link.link.pk, "upload_id": ThirdPartyUpload.objects.get(case=case).pk, "token": link.token,
                   "proposal_id": proposal.pk},
    }


def _kwargs(converters, values, *, huge=False):
    kwargs = {}
    for key, converter in converters.items():
        kwargs[key] = HUGE_ID if huge and type(converter).__name__ == "IntConverter" else values[key]
    return kwargs


def _login(client, world, name):
    client.force_login(world["admin"] if name.startswith("staff:") else world["owner"])


def test_every_url_is_fuzzed():
    names = {name for name, _ in URLS}
    assert {"log:entry_create", "cases:import", "staff:case_note_add", "signup", "claim:claim", "evidence:upload"} <= names


@pytest.mark.parametrize(("name", "pattern"), URLS, ids=[name for name, _ in URLS])
def test_malformed_values_never_cause_a_server_error(client, world, name, pattern):
    _login(client, world, name)
    url = reverse(name, kwargs=_kwargs(pattern, world["values"]))
    page = client.get(url)
    assert page.status_code < 500
    fields = set(FIELD_NAMES) | _field_names(page)
    for value in MALFORMED:
        _login(client, world, name)
        data = dict.fromkeys(fields, value)
        assert client.get(url, data).status_code < 500, (url, value)
        for field in FILE_FIELDS:
            data[field] = SimpleUploadedFile("deep.json", b"[" * 200_000, content_type="application/json")
        assert client.post(url, data).status_code < 500, (url, value)


@pytest.mark.parametrize(("name", "pattern"), URLS_WITH_IDS, ids=[name for name, _ in URLS_WITH_IDS])
def test_ids_beyond_64_bits_are_not_found(client, world, name, pattern):
    _login(client, world, name)
    url = reverse(name, kwargs=_kwargs(pattern, world["values"], huge=True))
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"text": "x"}).status_code in (404, 405)


# The names of every form field on the site's pages, so that each form gets each malformed value.
FIELD_NAMES = [
    "at", "channel", "from_number", "target", "text", "evidence", "file", "code", "username", "password", "phone",
    "password1", "password2", "new_password1", "new_password2", "name", "on", "action", "result", "status",
    "assignee", "role", "kind", "description", "proves", "mailed_on", "tracking_1", "method", "confirm_reference",
    "borrower_name", "borrower_phone", "lender_name", "collector_numbers", "full_name", "page", "key", "q",
    "received_on", "reply", "answer", "consent", "joint_consent", "clinic", "next", "remember", "entries", "choice",
]
FILE_FIELDS = ["case_file", "evidence", "file"]


def _field_names(response) -> set[str]:
    import re

    if "text/html" not in response.get("Content-Type", ""):
        return set()
    return set(re.findall(r'name="([a-zA-Z0-9_\-]+)"', response.content.decode()))
