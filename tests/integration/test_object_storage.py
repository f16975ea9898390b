"""Evidence and letters in S3-compatible object storage (django-storages against moto's S3 server): objects private,
served only through the access-checked views, and their hashes checked on every read."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.cluster import ACCESS_KEY, REGION, SECRET_KEY, free_port
from complaints.management.letter_samples import load_case, stored_case
from complaints.models import Evidence, Letter, LogEntry
from config.storage import s3_storage
from tests.factories import CaseFactory, ClinicFactory, StaffFactory, UserFactory
from tests.fixtures.evidence import samples

pytestmark = pytest.mark.django_db
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _grantees(s3, bucket, key) -> set[str]:
    grants = s3.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return {grant["Grantee"].get("URI") or grant["Grantee"].get("ID") for grant in grants}


def test_evidence_uploaded_by_the_borrower_is_a_private_object_staff_download_through_the_view_hash_intact(
        client, s3_server, s3_bucket):
    clinic = ClinicFactory()
    case = CaseFactory(shared_with=clinic)
    photo = samples.jpeg()
    client.force_login(case.owner)
    assert client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {
        "files": [SimpleUploadedFile("催收短信截图.jpg", photo, content_type="image/jpeg")]}).status_code == 302
    evidence = Evidence.objects.get(case=case)
    assert evidence.sha256 == hashlib.sha256(photo).hexdigest()

    s3 = s3_server.client()
    stored = s3.get_object(Bucket=s3_bucket, Key=evidence.storage_name)["Body"].read()
    assert stored == photo and "催收" not in evidence.storage_name
    assert ALL_USERS not in _grantees(s3, s3_bucket, evidence.storage_name)

    client.force_login(StaffFactory(clinic=clinic))
    download = client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert download.status_code == 200 and download["X-Evidence-SHA256"] == evidence.sha256
    assert hashlib.sha256(_body(download)).hexdigest() == evidence.sha256

    client.force_login(UserFactory())
    stranger = client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert stranger.status_code == 404


def test_an_object_changed_in_the_bucket_is_never_served(client, s3_server, s3_bucket):
    case = CaseFactory()
    client.force_login(case.owner)
    client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {
        "files": [SimpleUploadedFile("录音.wav", samples.wav(), content_type="audio/wav")]})
    evidence = Evidence.objects.get(case=case)
    s3_server.client().put_object(Bucket=s3_bucket, Key=evidence.storage_name, Body=b"RIFF changed behind our back")
    download = client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert download.status_code == 409
    assert b"RIFF changed" not in _body(download)


@pytest.mark.pdf
def test_a_generated_letter_is_a_private_pdf_object_downloaded_with_its_hash(client, s3_server, s3_bucket):
    borrower = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = stored_case(borrower)
    for item in load_case()["log"]:
        LogEntry.objects.create(case=case, at=dt.datetime.fromisoformat(item["at"]), channel=item["channel"],
                                from_number=item["from_number"], target=item["target"], text=item["text"])
    client.force_login(borrower)
    assert client.post(reverse("letters:generate", args=[case.pk, "collector_cease"])).status_code == 302
    letter = Letter.objects.get(case=case)
    s3 = s3_server.client()
    stored = s3.get_object(Bucket=s3_bucket, Key=letter.pdf_storage_name)["Body"].read()
    assert stored.startswith(b"%PDF") and hashlib.sha256(stored).hexdigest() == letter.pdf_sha256
    assert ALL_USERS not in _grantees(s3, s3_bucket, letter.pdf_storage_name)
    download = client.get(reverse("letters:download", args=[case.pk, letter.pk]))
    assert download.status_code == 200 and hashlib.sha256(_body(download)).hexdigest() == letter.pdf_sha256


def test_readyz_asks_the_object_store(client, s3_bucket):
    assert client.get(reverse("readyz")).json() == {"status": "ok", "database": "ok", "storage": "ok"}


def test_readyz_is_503_when_the_object_store_does_not_answer(client, settings):
    closed = s3_storage(bucket="zhirao-evidence", endpoint_url=f"http://127.0.0.1:{free_port()}", region=REGION,
                        access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    settings.STORAGES = {**settings.STORAGES, "default": closed}
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "storage": "EndpointConnectionError"}


@pytest.mark.pdf
def test_a_letter_pdf_changed_in_the_bucket_is_refused_not_served(client, s3_server, s3_bucket):
    borrower = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = stored_case(borrower)
    client.force_login(borrower)
    client.post(reverse("letters:generate", args=[case.pk, "collector_cease"]))
    letter = Letter.objects.get(case=case)
    s3_server.client().put_object(Bucket=s3_bucket, Key=letter.pdf_storage_name, Body=b"%PDF-1.7 not the letter")
    download = client.get(reverse("letters:download", args=[case.pk, letter.pk]))
    assert download.status_code == 409
    assert "文件校验失败" in download.content.decode() and letter.pdf_sha256 in download.content.decode()
