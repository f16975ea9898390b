"""Evidence from third parties through real HTTP requests: the borrower's link, the relative's upload on the link's page,
the borrower's accept or reject, and what an accepted file changes in the evidence list, the letters and the case file."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from complaints.evidence_types import EvidenceRefused
from complaints.models import AuditEvent, Evidence, EvidenceLink, ThirdPartyUpload
from complaints.selectors.case_file import case_file_for
from complaints.selectors.letters import draft_for
from complaints.services.evidence import evidence_upload
from complaints.services.third_party import third_party_upload
from guidance import consent
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png(colour="red", size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _file(data: bytes, name="短信截图.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture
def case():
    case = CaseFactory(borrower_name="李四", borrower_phone="+8613800138000", lender_name="某某消费金融有限公司")
    case.data = {**case.data, "harassment": {"targets": ["self"], "content": ["disclose_debt"], "channels": ["sms"]}}
    case.save()
    return case


@pytest.fixture
def owner_client(client, case):
    client.force_login(case.owner)
    return client


def _make_link(client, case, days=3, label="给妈妈") -> str:
    """The link's address as the borrower's page shows it once, path only."""
    response = client.post(reverse("evidence:third_party_links", kwargs={"case_id": case.pk}), {"days": days, "label": label})
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") == 1
    url = re.search(r'id="new-link-url" value="([^"]+)"', response.content.decode()).group(1)
    return url.removeprefix("http://testserver")


def _give(client, path, *files, name="王小明", relation="family", consent_given=True):
    data = {"uploader_name": name, "relation": relation, "files": list(files)}
    if consent_given:
        data["consent"] = "on"
    return client.post(path, data)


def _stored(name: str) -> bool:
    return storages["default"].exists(name)


def test_a_relative_uploads_through_the_link_and_the_borrower_accepts_it_into_the_case(owner_client, case, client):
    path = _make_link(owner_client, case)
    link = EvidenceLink.objects.get(case=case)
    token = path.strip("/").split("/")[-1]
    assert len(token) >= 40 and link.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in link.token_hash

    stranger = client.__class__()
    page = stranger.get(path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    for secret in ("李四", "李", "13800138000", "某某消费金融", case.reference, "给妈妈"):
        assert secret not in html, secret
    assert consent.current("third_party").zh in html

    data = _png()
    response = _give(stranger, path, _file(data))
    assert response.status_code == 200
    assert "已收到 1 个文件" in response.content.decode()
    upload = ThirdPartyUpload.objects.get(case=case)
    assert (upload.uploader_name, upload.relation, upload.consent_version) == ("王小明", "family", consent.current("third_party").version)
    assert upload.consented_at is not None and upload.evidence is None
    assert upload.sha256 == hashlib.sha256(data).hexdigest() and _stored(upload.storage_name)
    assert case.evidence.count() == 0  # waiting: not evidence until she accepts
    assert AuditEvent.objects.filter(action="evidence.third_party_uploaded", case_id=case.pk).exists()
    assert "王小明" not in str(AuditEvent.objects.filter(case_id=case.pk).values_list("new_value", flat=True))

    listing = owner_client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "别人提供、等你采纳的文件" in listing and "王小明" in listing
    assert "有 1 个别人提供的文件等你采纳或拒收" in owner_client.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    download = owner_client.get(reverse("evidence:third_party_download", kwargs={"case_id": case.pk, "upload_id": upload.pk}))
    assert b"".join(download.streaming_content) == data and "no-store" in download["Cache-Control"]

    accepted = owner_client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": upload.pk}))
    assert accepted.status_code == 302
    evidence = case.evidence.get()
    upload.refresh_from_db()
    assert upload.evidence == evidence and upload.storage_name == "" and _stored(evidence.storage_name)
    listing = owner_client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "由王小明（家人/亲属）提供" in listing and "别人提供、等你采纳的文件" not in listing

    draft = draft_for(case, "civil_complaint", "")
    assert any("来源：借款人亲属王小明收到并提供" in line for line in draft.evidence_lines)
    assert draft.evidence_list[0].title == "借款人亲属王小明收到的截图/照片"
    assert draft.evidence_list[0].source == "借款人亲属王小明收到并提供"


def test_an_accepted_file_from_a_relative_shows_relatives_were_contacted_and_supports_the_pipl_request(owner_client, case, client):
    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png()))
    upload = ThirdPartyUpload.objects.get()
    before = draft_for(case, "pipl_request", "")
    assert not any("停止向" in demand for demand in before.demands)

    owner_client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": upload.pk}))
    case.refresh_from_db()
    assert case_file_for(case)["harassment"]["targets"] == ["self", "family"]
    after = draft_for(case, "pipl_request", "")
    assert any(demand.startswith("停止向") and "家人" in demand for demand in after.demands)

    # The file deleted, what only it showed leaves the case file; what she stated stays.
    evidence = case.evidence.get()
    owner_client.post(reverse("evidence:delete", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    case.refresh_from_db()
    assert case_file_for(case)["harassment"]["targets"] == ["self"]
    assert not ThirdPartyUpload.objects.exists()


def test_a_colleagues_file_counts_as_the_employer_contacted_and_a_friends_as_another_third_party(owner_client, case, client):
    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png("blue")), name="赵同事", relation="colleague")
    _give(client.__class__(), path, _file(_png("green")), name="钱朋友", relation="friend")
    for upload in ThirdPartyUpload.objects.all():
        owner_client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": upload.pk}))
    case.refresh_from_db()
    assert case_file_for(case)["harassment"]["targets"] == ["self", "employer", "other_third_party"]


def test_a_rejected_file_is_deleted_from_storage_and_never_reaches_the_case(owner_client, case, client,
                                                                          django_capture_on_commit_callbacks):
    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png()))
    upload = ThirdPartyUpload.objects.get()
    stored = upload.storage_name
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("evidence:third_party_reject", kwargs={"case_id": case.pk, "upload_id": upload.pk}))
    assert response.status_code == 302
    assert not ThirdPartyUpload.objects.exists() and not case.evidence.exists()
    assert not _stored(stored)
    assert AuditEvent.objects.filter(action="evidence.third_party_rejected", case_id=case.pk).exists()
    # Decided once: a second accept or reject of the same upload is a 404.
    assert owner_client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": upload.pk})).status_code == 404


def test_pending_uploads_count_against_the_cases_room(owner_client, case, client, settings):
    path = _make_link(owner_client, case)
    first = _png("red", (300, 300))
    _give(client.__class__(), path, _file(first))
    settings.EVIDENCE_MAX_CASE_BYTES = len(first) + 10
    own = SimpleUploadedFile("mine.png", _png("blue", (300, 300)), content_type="image/png")
    response = owner_client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": [own]}, follow=True)
    assert response.redirect_chain == [(reverse("evidence:list", kwargs={"case_id": case.pk}), 302)]  # refused: post/redirect/get
    assert "<strong>mine.png</strong>" in response.content.decode()
    assert not case.evidence.exists()

    # The third party is told the link is full, never how much the case holds.
    settings.EVIDENCE_MAX_CASE_BYTES = len(first) + 200
    response = _give(client.__class__(), path, _file(_png("green", (300, 300))))
    html = response.content.decode()
    assert response.status_code == 400 and "这个链接能接收的文件总量已满" in html
    assert "已用" not in html and "还剩" not in html
    with pytest.raises(EvidenceRefused, match="这个链接能接收的文件总量已满"):  # the service's own check, behind the handler
        third_party_upload(link=EvidenceLink.objects.get(), uploaded=_file(_png("green", (300, 300))), uploader_name="王小明",
                           relation="family", consent_version="2026-12-06.1")
    assert ThirdPartyUpload.objects.count() == 1


def test_an_expired_or_withdrawn_link_answers_410_with_a_clear_page_and_takes_nothing(owner_client, case, client):
    path = _make_link(owner_client, case)
    link = EvidenceLink.objects.get()
    owner_client.post(reverse("evidence:third_party_link_revoke", kwargs={"case_id": case.pk, "link_id": link.pk}))
    link.refresh_from_db()
    assert link.revoked_at is not None
    visitor = client.__class__()
    for response in (visitor.get(path), _give(visitor, path, _file(_png()))):
        assert response.status_code == 410
        assert "链接已失效" in response.content.decode()
    assert not ThirdPartyUpload.objects.exists()

    path = _make_link(owner_client, case)
    EvidenceLink.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert visitor.get(path).status_code == 410
    assert visitor.get(reverse("third_party:upload", kwargs={"token": "x" * 43})).status_code == 404


def test_a_link_takes_a_bounded_number_and_size_of_files(owner_client, case, client, settings):
    settings.THIRD_PARTY_LINK_MAX_FILES = 2
    path = _make_link(owner_client, case)
    visitor = client.__class__()
    response = _give(visitor, path, _file(_png("red"), "1.png"), _file(_png("green"), "2.png"), _file(_png("blue"), "3.png"))
    assert response.status_code == 200
    assert "这个链接能接收的文件已满" in response.content.decode()
    assert ThirdPartyUpload.objects.count() == 2

    settings.THIRD_PARTY_LINK_MAX_FILES, settings.THIRD_PARTY_LINK_MAX_BYTES = 20, 100
    path = _make_link(owner_client, case)
    response = _give(visitor, path, _file(_png("white", (200, 200)), "big.png"))
    assert response.status_code == 400
    assert ThirdPartyUpload.objects.count() == 2


def test_uploads_are_throttled_per_link_and_per_address(owner_client, case, client, settings):
    settings.THIRD_PARTY_POSTS_PER_HOUR_PER_LINK = 2
    path = _make_link(owner_client, case)
    visitor = client.__class__()
    for colour in ("red", "green"):
        assert _give(visitor, path, _file(_png(colour))).status_code == 200
    throttled = _give(visitor, path, _file(_png("blue")))
    assert throttled.status_code == 429 and "上传太频繁" in throttled.content.decode()
    assert ThirdPartyUpload.objects.count() == 2

    settings.THIRD_PARTY_POSTS_PER_HOUR_PER_LINK, settings.THIRD_PARTY_POSTS_PER_HOUR_PER_ADDRESS = 30, 3
    other = _make_link(owner_client, case)
    assert _give(visitor, other, _file(_png("blue"))).status_code == 429  # the same address, a new link


def test_the_uploader_must_give_a_name_a_relation_and_consent(owner_client, case, client):
    path = _make_link(owner_client, case)
    visitor = client.__class__()
    response = _give(visitor, path, _file(_png()), name="", relation="boss", consent_given=False)
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("请填写你的姓名。", "请从列出的关系中选一个。", "上传前需要你明确同意"):
        assert message in html
    assert not ThirdPartyUpload.objects.exists()


def test_the_link_page_refuses_a_post_without_the_csrf_token(owner_client, case):
    path = _make_link(owner_client, case)
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert _give(strict, path, _file(_png())).status_code == 403
    assert not ThirdPartyUpload.objects.exists()


def test_a_refused_file_from_a_third_party_gets_the_same_message_as_the_borrowers(owner_client, case, client):
    path = _make_link(owner_client, case)
    response = _give(client.__class__(), path, SimpleUploadedFile("run.exe", b"MZ\x90\x00not evidence", content_type="application/octet-stream"))
    assert response.status_code == 400
    assert "run.exe" in response.content.decode()
    assert not ThirdPartyUpload.objects.exists()


def test_the_same_bytes_as_evidence_already_in_the_case_are_not_stored_again(owner_client, case, client):
    data = _png()
    evidence_upload(actor=case.owner, case=case, uploaded=_file(data))
    path = _make_link(owner_client, case)
    assert _give(client.__class__(), path, _file(data)).status_code == 200
    assert not ThirdPartyUpload.objects.exists() and Evidence.objects.count() == 1


@pytest.mark.security
def test_another_borrower_cannot_see_make_or_decide_on_links(owner_client, case, client):
    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png()))
    upload, link = ThirdPartyUpload.objects.get(), EvidenceLink.objects.get()
    other = client.__class__()
    other.force_login(UserFactory(username="+8613900139000", phone="+8613900139000"))
    kwargs = {"case_id": case.pk}
    for url in (reverse("evidence:third_party_links", kwargs=kwargs),
                reverse("evidence:third_party_link_revoke", kwargs={**kwargs, "link_id": link.pk}),
                reverse("evidence:third_party_download", kwargs={**kwargs, "upload_id": upload.pk}),
                reverse("evidence:third_party_accept", kwargs={**kwargs, "upload_id": upload.pk}),
                reverse("evidence:third_party_reject", kwargs={**kwargs, "upload_id": upload.pk})):
        assert other.post(url).status_code in (404, 405), url
    assert ThirdPartyUpload.objects.get().evidence is None and EvidenceLink.objects.get().revoked_at is None


@pytest.mark.security
def test_clinic_staff_see_waiting_files_but_only_the_borrower_makes_links_and_decides(owner_client, case, client):
    from complaints.models import CaseShare
    from tests.factories import ClinicFactory, StaffFactory

    clinic = ClinicFactory()
    CaseShare.objects.create(case=case, clinic=clinic, consented_by=case.owner, consent_text="同意")
    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png()))
    upload, link = ThirdPartyUpload.objects.get(), EvidenceLink.objects.get()
    staff = client.__class__()
    staff.force_login(StaffFactory(clinic=clinic))
    listing = staff.get(reverse("evidence:list", kwargs={"case_id": case.pk}))
    assert listing.status_code == 200 and "王小明" in listing.content.decode()
    assert reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": upload.pk}) not in listing.content.decode()
    kwargs = {"case_id": case.pk}
    for url in (reverse("evidence:third_party_links", kwargs=kwargs),
                reverse("evidence:third_party_link_revoke", kwargs={**kwargs, "link_id": link.pk}),
                reverse("evidence:third_party_accept", kwargs={**kwargs, "upload_id": upload.pk}),
                reverse("evidence:third_party_reject", kwargs={**kwargs, "upload_id": upload.pk})):
        assert staff.post(url).status_code == 404, url
    assert ThirdPartyUpload.objects.get().evidence is None and EvidenceLink.objects.get().revoked_at is None


def test_deleting_the_case_deletes_waiting_and_accepted_third_party_files(owner_client, case, client,
                                                                          django_capture_on_commit_callbacks):
    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png("red"), "a.png"), _file(_png("blue"), "b.png"))
    first, second = ThirdPartyUpload.objects.order_by("id")
    owner_client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": first.pk}))
    names = [case.evidence.get().storage_name, ThirdPartyUpload.objects.get(pk=second.pk).storage_name]
    assert all(_stored(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("cases:delete", kwargs={"case_id": case.pk}), {"confirm_reference": case.reference})
    assert response.status_code == 302
    assert not EvidenceLink.objects.exists() and not ThirdPartyUpload.objects.exists()
    assert not any(_stored(name) for name in names)


def test_the_link_page_and_its_consent_are_in_english_for_english_readers(owner_client, case, client):
    path = _make_link(owner_client, case)
    visitor = client.__class__()
    visitor.cookies["django_language"] = "en"
    html = visitor.get(path).content.decode()
    assert "Give the collection messages you received" in html
    assert consent.current("third_party").en in html.replace("&#x27;", "'")
    assert "Family member or relative" in html
    response = _give(visitor, path, _file(_png()), relation="employer")
    assert "Received 1 file" in response.content.decode()
    assert ThirdPartyUpload.objects.get().consent_version == consent.current("third_party").version


def test_an_exported_evidence_zip_keeps_who_gave_a_file_and_an_import_restores_it(owner_client, case, client):
    import json
    import zipfile

    from complaints.evidence_rows import rows_from_manifest
    from complaints.services.cases import case_create
    from complaints.services.evidence_archive import EvidenceArchiveError, evidence_archive_import

    path = _make_link(owner_client, case)
    _give(client.__class__(), path, _file(_png()))
    owner_client.post(reverse("evidence:third_party_accept", kwargs={"case_id": case.pk, "upload_id": ThirdPartyUpload.objects.get().pk}))
    archive = b"".join(owner_client.get(reverse("cases:export_evidence", kwargs={"case_id": case.pk})).streaming_content)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    [item] = manifest["files"]
    assert item["third_party"]["name"] == "王小明" and item["third_party"]["relation"] == "family"
    assert item["third_party"]["consent_version"] == consent.current("third_party").version
    assert rows_from_manifest(manifest["files"])[0].source == "借款人亲属王小明收到并提供"  # the command line's letters

    copy = case_create(owner=case.owner, actor=case.owner, data={})
    [evidence] = evidence_archive_import(case=copy, archive_file=io.BytesIO(archive), actor=case.owner)
    assert (evidence.third_party.uploader_name, evidence.third_party.relation, evidence.third_party.link) == ("王小明", "family", None)
    assert draft_for(copy, "pipl_request", "").evidence_list[0].source == "借款人亲属王小明收到并提供"

    # A manifest that says it badly is refused, naming the file, and nothing is kept.
    item["third_party"]["relation"] = "boss"
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            target.writestr(name, json.dumps(manifest) if name == "manifest.json" else source.read(name))
    another = case_create(owner=case.owner, actor=case.owner, data={})
    with pytest.raises(EvidenceArchiveError, match="提供人信息"):
        evidence_archive_import(case=another, archive_file=io.BytesIO(broken.getvalue()), actor=case.owner)
    assert not another.evidence.exists() and not another.third_party_uploads.exists()
