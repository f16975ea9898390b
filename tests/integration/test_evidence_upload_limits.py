"""An oversized evidence upload stops while it is received (complaints.uploads.EvidenceLimitHandler), not after the
whole body was spooled and hashed; the other files of the upload, and what the case already holds, are kept."""

import os
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client, override_settings
from django.urls import reverse

from complaints.models import Evidence
from tests.factories import CaseFactory
from tests.fixtures.evidence import samples

pytestmark = pytest.mark.django_db
LIMIT = 256 * 1024
CHUNK = FileUploadHandler.chunk_size


class CountingHandler(FileUploadHandler):
    """Stands where Django's spooling handlers stand: counts the bytes of each file that reach them."""

    received = Counter()
    completed: list[str] = []

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.received[self.file_name] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        CountingHandler.completed.append(self.file_name)


HANDLERS = ["tests.integration.test_evidence_upload_limits.CountingHandler",
            "django.core.files.uploadhandler.TemporaryFileUploadHandler"]


@pytest.fixture(autouse=True)
def counting():
    CountingHandler.received.clear()
    CountingHandler.completed.clear()


@pytest.fixture
def case():
    return CaseFactory()


def _file(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _upload(client, case, *files):
    """The upload and the list page it redirects to (post/redirect/get), where the refusals are shown."""
    return client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": list(files)}, follow=True)


@override_settings(FILE_UPLOAD_HANDLERS=HANDLERS, EVIDENCE_MAX_FILE_BYTES=LIMIT)
def test_an_oversized_file_stops_at_the_limit_and_the_rest_of_the_upload_is_kept(client, case):
    client.force_login(case.owner)
    _upload(client, case, _file("earlier.png", samples.png()))
    big = os.urandom(3 * 1024 * 1024)
    response = _upload(client, case, _file("ok.jpg", samples.jpeg()), _file("大录音.wav", big), _file("after.pdf", samples.pdf()))
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("evidence:list", kwargs={"case_id": case.pk}), 302)]
    assert "<strong>大录音.wav</strong>：文件太大：每个文件最大 256.0\xa0KB" in page and 'role="alert"' in page
    assert "已保存“ok.jpg”" in page and "已保存“after.pdf”" in page
    # Nothing already saved is lost; the big file was never stored.
    assert sorted(case.evidence.values_list("original_name", flat=True)) == ["after.pdf", "earlier.png", "ok.jpg"]
    # The spooling handlers got at most one chunk past the limit of the big file, and never a complete file.
    assert CountingHandler.received["大录音.wav"] <= LIMIT + CHUNK < len(big)
    assert "大录音.wav" not in CountingHandler.completed and "after.pdf" in CountingHandler.completed


@override_settings(FILE_UPLOAD_HANDLERS=HANDLERS, EVIDENCE_MAX_FILE_BYTES=LIMIT)
def test_a_single_oversized_file_is_explained_without_a_missing_file_error(client, case):
    client.force_login(case.owner)
    response = _upload(client, case, _file("录屏.mp4", os.urandom(LIMIT * 4)))
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("evidence:list", kwargs={"case_id": case.pk}), 302)]
    assert "<strong>录屏.mp4</strong>：文件太大" in page and "请先选择至少一个文件" not in page
    assert 'aria-describedby="files-help upload-refused"' in page
    assert not Evidence.objects.exists()


@override_settings(FILE_UPLOAD_HANDLERS=HANDLERS)
def test_the_case_quota_stops_the_file_that_does_not_fit_counting_this_uploads_earlier_files(client, case, settings):
    first, second = samples.png(), samples.jpeg(size=(400, 400))
    settings.EVIDENCE_MAX_CASE_BYTES = len(first) + 100
    client.force_login(case.owner)
    response = _upload(client, case, _file("a.png", first), _file("b.jpg", second))
    page = response.content.decode()
    assert "已保存“a.png”" in page and "<strong>b.jpg</strong>：这个案件的证据空间不够" in page
    assert list(case.evidence.values_list("original_name", flat=True)) == ["a.png"]
    assert "b.jpg" not in CountingHandler.completed and CountingHandler.received["b.jpg"] <= 100 + CHUNK


def test_the_upload_still_needs_the_csrf_token(case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(case.owner)
    url = reverse("evidence:upload", kwargs={"case_id": case.pk})
    assert client.post(url, {"files": [_file("a.png", samples.png())]}).status_code == 403
    client.get(reverse("evidence:list", kwargs={"case_id": case.pk}))
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"files": [_file("a.png", samples.png())], "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and case.evidence.count() == 1
