"""The borrower's plan carries no internal jargon: what Zhirao's law texts lack, secondary sources, archive formats,
template versions and checksums are for legal workers and sit in their fold ("给法律工作者的详细信息")."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.services.cases import case_create
from complaints.services.letters import letter_generate
from guidance import clock
from tests.factories import UserFactory
from tests.fixtures.evidence import samples
from tests.guidance_routes import ROUTES
from tests.integration.test_guidance_plan import answer_everything
from tests.integration.test_hub_links import ADDRESS, CASES

pytestmark = pytest.mark.django_db

JARGON = ("本工具的法律资料", "二手", "SHA-256", "PDF/A", "模板版本", "law texts", "secondary")
TAG = re.compile(r"<[^>]+>")
LEGAL_FOLD = re.compile(r'<details class="legal-details[^"]*">.*?</details>', re.S)
HUB_CASES = {
    **CASES,
    "microloan, costly debt, wants to negotiate": {
        "lender": {"kind": "microloan", "illegal_debt_signs": True}, "wants": ["negotiate_repayment"],
        "collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["call", "sms"]}},
    "carrier complained to, appeal waiting": {
        "collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["call"]},
        "steps_taken": [{"action": "complain_carrier", "on": clock.today().isoformat(), "result": "no_reply"}]},
    "sued": {"court_papers": {"kind": "complaint_copy", "received_on": clock.today().isoformat()}},
}
# Routes through the guide spread over its answers (carrier steps taken or not, lenders of every kind).
PLAN_ROUTES = ROUTES[::13]


def _borrower_visible(page: str) -> tuple[str, str]:
    """The text a reader sees outside the legal-worker folds (tags and their class names dropped), and the folds."""
    return TAG.sub(" ", LEGAL_FOLD.sub("", page)), "".join(LEGAL_FOLD.findall(page))


def _assert_plain(page: str, where: str) -> str:
    visible, folds = _borrower_visible(page)
    for word in JARGON:
        assert word not in visible, f"{where}: {word!r} outside the fold: …{visible[max(0, visible.index(word) - 200):visible.index(word) + 50]}…"
    return folds


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_hub_shows_legal_details_only_in_the_fold(client, language):
    folds = ""
    for name, facts in HUB_CASES.items():
        owner = UserFactory()
        data = {"borrower": {"name": "赵敏", "phone": "+8613900139000", "address": ADDRESS}, **facts,
                "today": clock.today().isoformat()}
        case = case_create(owner=owner, actor=owner, data=data)
        client.force_login(owner)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        hub = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
        assert hub.status_code == 200
        folds += _assert_plain(hub.content.decode(), f"{name} ({language})")
    # The details are still there, for legal workers.
    assert ("本工具的法律资料" if language == "zh-hans" else "law texts") in folds
    assert ("二手" if language == "zh-hans" else "secondary") in folds


def test_the_guide_plan_shows_legal_details_only_in_the_fold(client):
    today = clock.today()
    folds = ""
    for route in PLAN_ROUTES:
        client.cookies.clear()
        answer_everything(client, route, today, ROUTES.index(route))
        page = client.get(reverse("guidance:plan"))
        assert page.status_code == 200
        folds += _assert_plain(page.content.decode(), str(route.steps))
    assert "本工具的法律资料" in folds and "二手" in folds


def test_evidence_and_letter_pages_show_checksums_and_formats_only_in_the_fold(client):
    # (The letter's own text, on its preview, lists each file's SHA-256 on purpose: it is for its reader.)
    owner = UserFactory()
    data = {"borrower": {"name": "赵敏", "phone": "+8613900139000", "address": ADDRESS},
            "collector": {"name": "某某催收公司", "numbers": ["+8613812345678"]}, "harassment": {"channels": ["call"]},
            "today": clock.today().isoformat()}
    case = case_create(owner=owner, actor=owner, data=data)
    client.force_login(owner)
    upload = SimpleUploadedFile("截图.png", samples.png(), content_type="image/png")
    client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [upload]})
    evidence = case.evidence.get()
    letter, _ = letter_generate(actor=owner, case=case, kind="collector_cease", archival=True)
    folds = ""
    for name, url in {
        "evidence list": reverse("evidence:list", kwargs={"case_id": case.pk}),
        "evidence detail": reverse("evidence:detail", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}),
        "letter sent": reverse("letters:sent", kwargs={"case_id": case.pk, "letter_id": letter.pk}),
        "case import": reverse("cases:import"),
    }.items():
        page = client.get(url)
        assert page.status_code == 200, name
        folds += _assert_plain(page.content.decode(), name)
    assert evidence.sha256 in folds and letter.pdf_sha256 in folds and "PDF/A-3b" in folds
