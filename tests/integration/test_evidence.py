"""Evidence upload, download, preview, description and deletion through real HTTP requests."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from complaints.evidence_types import EvidenceRefused, detect
from complaints.models import AuditEvent, CaseShare, Evidence, ThirdPartyUpload
from complaints.selectors import evidence_total_bytes
from complaints.services.evidence import evidence_upload
from tests.factories import CaseFactory, ClinicFactory, StaffFactory, UserFactory
from tests.fixtures.evidence import samples
from tests.fixtures.evidence.refused import REFUSED, REFUSED_IDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory()


@pytest.fixture
def owner_client(client, case):
    client.force_login(case.owner)
    return client


def _upload(client, case, *files):
    return client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {"files": list(files)})


def _refused_page(client, case, response):
    """The list page a refused upload redirects to (post/redirect/get), with the refusals on it."""
    list_url = reverse("evidence:list", kwargs={"case_id": case.pk})
    assert response.status_code == 302 and response["Location"] == list_url
    page = client.get(list_url)
    assert page.status_code == 200
    return page.content.decode()


def _file(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _stored_bytes(evidence):
    with storages["default"].open(evidence.storage_name, "rb") as stored:
        return stored.read()


def test_every_accepted_type_uploads_in_one_request_hashed_and_stored_under_a_random_name(owner_client, case):
    originals = {name: build() for name, (build, _kind, _type) in samples.ACCEPTED.items()}
    response = _upload(owner_client, case, *(_file(name, data) for name, data in originals.items()))

    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:list", kwargs={"case_id": case.pk})
    assert case.evidence.count() == len(originals)
    for name, data in originals.items():
        evidence = case.evidence.get(original_name=name)
        _build, kind, content_type = samples.ACCEPTED[name]
        assert (evidence.kind, evidence.content_type) == (kind, content_type)
        assert evidence.size == len(data)
        assert evidence.sha256 == hashlib.sha256(data).hexdigest()
        assert evidence.received_at is not None
        assert _stored_bytes(evidence) == data
        stored_leaf = evidence.storage_name.rsplit("/", 1)[-1]
        assert len(stored_leaf) == 40 and "." not in stored_leaf  # random hex, no name, no extension
    assert AuditEvent.objects.filter(action="evidence.uploaded", case_id=case.pk).count() == len(originals)
    audit = AuditEvent.objects.filter(action="evidence.uploaded").first()
    assert set(audit.new_value) == {"sha256", "size", "kind", "content_type"}  # no file name (personal data)

    page = owner_client.get(response["Location"]).content.decode()
    assert "已保存“Screenshot_20260314-224100.jpg”，编号为证据1" in page
    first = case.evidence.order_by("received_at", "id").first()
    # The checksum is for legal workers: in their fold, and named nowhere else on the list.
    fold = re.compile(r'<details class="legal-details evidence-hash">.*?</details>', re.S)
    assert f'<code class="evidence-hash__full">{first.sha256}</code>' in "".join(fold.findall(page))
    assert "SHA-256" not in fold.sub("", page)
    assert '<span class="badge badge--info">录音</span>' in page


def test_a_file_over_the_in_memory_limit_streams_through_a_temporary_file(owner_client, case):
    data = samples.wav(seconds=200)  # 3.2 MB, past FILE_UPLOAD_MAX_MEMORY_SIZE
    assert _upload(owner_client, case, _file("长录音.wav", data)).status_code == 302
    evidence = case.evidence.get()
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert _stored_bytes(evidence) == data


def test_reuploading_the_same_bytes_is_recognised_and_not_stored_twice(owner_client, case):
    data = samples.png()
    _upload(owner_client, case, _file("a.png", data))
    response = _upload(owner_client, case, _file("再传一次.png", data))
    page = owner_client.get(response["Location"]).content.decode()
    assert case.evidence.count() == 1
    assert "“再传一次.png”与已上传的证据1内容完全相同，没有重复保存。" in page
    assert len(storages["default"].listdir("evidence")[1]) == 1


def _rows_without_files(case, count):
    """Evidence rows with no stored bytes: what numbering and the list read."""
    return [Evidence.objects.create(case=case, sha256=f"{index:064x}", size=1, kind=Evidence.Kind.TEXT, content_type="text/plain",
                                    original_name=f"{index}.txt", storage_name=f"evidence/numbering-{case.pk}-{index}")
            for index in range(count)]


def test_files_are_numbered_by_the_time_they_were_received_then_by_id_on_the_list_and_their_pages(owner_client, case):
    first, second, third = _rows_without_files(case, 3)
    received = timezone.now()
    Evidence.objects.filter(pk__in=[second.pk, third.pk]).update(received_at=received)
    Evidence.objects.filter(pk=first.pk).update(received_at=received + dt.timedelta(seconds=1))
    listing = owner_client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    for number, evidence in enumerate((second, third, first), start=1):
        url = reverse("evidence:detail", kwargs={"case_id": case.pk, "evidence_id": evidence.pk})
        assert re.search(rf'证据{number}</span>\s*<span class="badge badge--info">文本</span>\s*<a href="{url}">{evidence.original_name}</a>', listing)
        assert f"<title>证据{number} {case.reference}" in owner_client.get(url).content.decode()


def test_an_upload_costs_as_many_queries_however_many_files_the_case_holds(owner_client, case):
    def upload(index):
        with CaptureQueriesContext(connection) as queries:
            response = _upload(owner_client, case, _file(f"截图{index}.png", samples.png(size=(120, 200 + index))))
        assert response.status_code == 302
        # The new file's number is counted, not found by reading every file of the case in list order.
        assert not [query["sql"] for query in queries
                    if 'ORDER BY "complaints_evidence"."received_at"' in query["sql"] and "LIMIT" not in query["sql"]]
        return len(queries)

    upload(0)  # the first upload of the session also stores its messages
    with_one = upload(1)
    _rows_without_files(case, 30)
    assert upload(2) == with_one
    page = owner_client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "已保存“截图2.png”，编号为证据33。" in page


def test_the_room_used_sums_the_evidence_and_the_uploads_still_waiting_in_one_query(case, django_assert_num_queries):
    def waiting(size, index, evidence=None):
        ThirdPartyUpload.objects.create(case=case, uploader_name="王小明", relation="family", consent_version="1",
                                        consented_at=timezone.now(), sha256=f"{index:064x}", size=size, kind=Evidence.Kind.TEXT,
                                        content_type="text/plain", original_name="a.txt", evidence=evidence)

    with django_assert_num_queries(1):
        assert evidence_total_bytes(case=case) == 0
    first, second = _rows_without_files(case, 2)
    Evidence.objects.filter(pk=first.pk).update(size=1000)
    _rows_without_files(CaseFactory(), 1)  # another case's file counts for that case only
    waiting(300, 1)
    waiting(1, 2, evidence=second)  # accepted: counted once, as the evidence it became
    with django_assert_num_queries(1):
        assert evidence_total_bytes(case=case) == 1000 + 1 + 300


def test_refused_files_are_explained_and_nothing_is_kept(owner_client, case):
    response = _upload(
        owner_client, case,
        _file("截图.jpg", samples.jpeg() + b"<script>alert(1)</script>"),
        _file("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        _file("setup.exe", b"MZ" + b"\x00" * 200),
        _file("空.png", b""),
    )
    page = _refused_page(owner_client, case, response)
    assert 'role="alert"' in page and "有 4 个文件没有保存" in page
    assert "<strong>截图.jpg</strong>：文件里夹带了网页或脚本代码" in page
    assert "<strong>logo.svg</strong>：这是 SVG 矢量图" in page
    assert "<strong>setup.exe</strong>：这是Windows 可执行程序" in page
    assert "<strong>空.png</strong>：文件是空的" in page
    assert 'aria-describedby="files-help upload-refused"' in page
    assert case.evidence.count() == 0
    assert not storages["default"].exists("evidence") or storages["default"].listdir("evidence")[1] == []


def _stored_files():
    """Every file under the test's media folder, so a refused upload that left anything behind shows."""
    storage = storages["default"]
    found, folders = set(), [""]
    while folders:
        folder = folders.pop()
        if folder and not storage.exists(folder):
            continue
        subfolders, files = storage.listdir(folder)
        found.update(f"{folder}/{name}".lstrip("/") for name in files)
        folders.extend(f"{folder}/{name}".lstrip("/") for name in subfolders)
    return found


@pytest.mark.parametrize(("name", "build", "expected"), REFUSED, ids=REFUSED_IDS)
def test_every_refused_file_is_refused_through_the_upload_page_and_nothing_is_kept(owner_client, case, name, build, expected):
    earlier = _upload_one(owner_client, case, "早先的截图.png", samples.png())
    files_before, rows_before = _stored_files(), Evidence.objects.count()
    data = build()
    with pytest.raises(EvidenceRefused) as refusal:  # the words the borrower must see, as the detector gives them
        detect(io.BytesIO(data), size=len(data), name=name)
    assert expected in refusal.value.message

    response = _upload(owner_client, case, _file(name, data))

    page = _refused_page(owner_client, case, response)
    assert 'role="alert"' in page and "有 1 个文件没有保存" in page
    assert f"<strong>{escape(name)}</strong>：{escape(refusal.value.message)}</li>" in page
    assert Evidence.objects.count() == rows_before
    assert list(case.evidence.all()) == [earlier]
    assert _stored_files() == files_before
    assert _stored_bytes(earlier) == samples.png()
    assert not AuditEvent.objects.filter(action="evidence.uploaded").exclude(subject_id=str(earlier.pk)).exists()


def test_good_files_are_kept_when_another_in_the_same_upload_is_refused(owner_client, case):
    response = _upload(owner_client, case, _file("ok.png", samples.png()), _file("evil.html", b"<html><script></script></html>"))
    page = _refused_page(owner_client, case, response)
    assert "已保存“ok.png”" in page and "<strong>evil.html</strong>：文件内容是网页" in page
    assert list(case.evidence.values_list("original_name", flat=True)) == ["ok.png"]


def test_submitting_without_a_file_says_so(owner_client, case):
    response = owner_client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<span class="field__error" id="files-error" role="alert">请先选择至少一个文件。</span>' in page
    assert 'aria-invalid="true"' in page


def test_a_file_over_the_size_limit_is_refused(owner_client, case, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1000
    response = _upload(owner_client, case, _file("录音.wav", samples.wav()))
    assert "文件太大：每个文件最大 1000" in _refused_page(owner_client, case, response)
    assert case.evidence.count() == 0


def test_the_case_quota_counts_what_is_already_stored(owner_client, case, settings):
    first = samples.png()
    settings.EVIDENCE_MAX_CASE_BYTES = len(first) + 100
    _upload(owner_client, case, _file("a.png", first))
    response = _upload(owner_client, case, _file("b.jpg", samples.jpeg()))
    assert "<strong>b.jpg</strong>：这个案件的证据空间不够" in _refused_page(owner_client, case, response)  # stopped while receiving
    assert case.evidence.count() == 1
    # The service keeps its own check for callers without the upload handler.
    with pytest.raises(EvidenceRefused, match="这个案件的证据总量已到上限"):
        evidence_upload(actor=case.owner, case=case, uploaded=_file("b.jpg", samples.jpeg()))


def _upload_one(client, case, name="截图.png", data=None):
    _upload(client, case, _file(name, data or samples.png()))
    return case.evidence.latest("id")


def test_download_is_an_attachment_with_the_original_bytes(owner_client, case):
    data = samples.jpeg()
    evidence = _upload_one(owner_client, case, "催收短信 截图.jpg", data)
    response = owner_client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%82%AC%E6%94%B6%E7%9F%AD%E4%BF%A1%20%E6%88%AA%E5%9B%BE.jpg" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    audit = AuditEvent.objects.get(action="evidence.downloaded")
    assert (audit.actor, audit.case_id, audit.new_value) == (case.owner, case.pk, {"by_staff": False})


def test_a_download_reads_the_stored_file_once_and_serves_the_bytes_it_checked(owner_client, case, monkeypatch):
    """The hash is checked on the copy that is served: the stored file is opened once (object storage is asked
    once), so no later change to it can slip between the check and what she receives."""
    data = samples.jpeg()
    evidence = _upload_one(owner_client, case, "截图.jpg", data)
    storage, opened = type(storages["default"]), []
    real_open = storage.open

    def counted_open(self, name, mode="rb"):
        opened.append(name)
        return real_open(self, name, mode)

    monkeypatch.setattr(storage, "open", counted_open)
    response = owner_client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert int(response["Content-Length"]) == len(data)
    assert opened == [evidence.storage_name]


def test_a_tampered_file_is_reported_and_not_served(owner_client, case):
    evidence = _upload_one(owner_client, case)
    storage = storages["default"]
    storage.delete(evidence.storage_name)
    storage.save(evidence.storage_name, io.BytesIO(samples.png((121, 200))))
    kwargs = {"case_id": case.pk, "evidence_id": evidence.pk}

    response = owner_client.get(reverse("evidence:download", kwargs=kwargs))
    assert response.status_code == 409
    page = response.content.decode()
    assert "文件校验失败" in page and evidence.sha256 in page and 'role="alert"' in page
    assert owner_client.get(reverse("evidence:preview", kwargs=kwargs)).status_code == 409
    assert owner_client.get(reverse("evidence:archive_pdf", kwargs={"case_id": case.pk})).status_code == 409
    failures = AuditEvent.objects.filter(action="evidence.integrity_failed", subject_id=str(evidence.pk))
    assert failures.count() == 3
    assert failures.first().old_value == {"sha256": evidence.sha256}
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_a_missing_file_is_reported_too(owner_client, case):
    evidence = _upload_one(owner_client, case)
    storages["default"].delete(evidence.storage_name)
    response = owner_client.get(reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert response.status_code == 409
    assert AuditEvent.objects.get(action="evidence.integrity_failed").new_value["sha256"] is None


def test_preview_is_a_small_reencoded_jpeg_of_images_only(owner_client, case):
    evidence = _upload_one(owner_client, case, "大图.png", samples.png((1200, 2000)))
    response = owner_client.get(reverse("evidence:preview", kwargs={"case_id": case.pk, "evidence_id": evidence.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(response.content)) as preview:
        assert preview.format == "JPEG" and max(preview.size) == 640
    assert _stored_bytes(evidence) == samples.png((1200, 2000))  # original untouched
    assert AuditEvent.objects.filter(action="evidence.previewed").count() == 1
    recording = _upload_one(owner_client, case, "录音.wav", samples.wav())
    assert owner_client.get(reverse("evidence:preview", kwargs={"case_id": case.pk, "evidence_id": recording.pk})).status_code == 404


def test_description_and_what_it_proves_are_saved_and_audited(owner_client, case):
    evidence = _upload_one(owner_client, case)
    url = reverse("evidence:detail", kwargs={"case_id": case.pk, "evidence_id": evidence.pk})
    page = owner_client.get(url).content.decode()
    assert "证据1" in page and evidence.sha256 in page and 'for="id_description"' in page
    response = owner_client.post(url, {"description": "3月14日22:41的威胁短信截图", "proves": "夜间发送威胁曝光的短信"})
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.description, evidence.proves) == ("3月14日22:41的威胁短信截图", "夜间发送威胁曝光的短信")
    assert AuditEvent.objects.get(action="evidence.described").new_value == {"fields": ["description", "proves"]}


def test_a_too_long_description_is_refused_in_chinese_and_nothing_changes(owner_client, case):
    evidence = _upload_one(owner_client, case)
    url = reverse("evidence:detail", kwargs={"case_id": case.pk, "evidence_id": evidence.pk})
    response = owner_client.post(url, {"description": "长" * 301, "proves": "好"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_description-error" role="alert"' in page and "300" in page
    assert 'aria-describedby="id_description-help id_description-error"' in page
    evidence.refresh_from_db()
    assert (evidence.description, evidence.proves) == ("", "")


def test_deleting_removes_the_row_and_the_stored_file(owner_client, case, django_capture_on_commit_callbacks):
    evidence = _upload_one(owner_client, case)
    url = reverse("evidence:delete", kwargs={"case_id": case.pk, "evidence_id": evidence.pk})
    assert "确定要删除" in owner_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not storages["default"].exists(evidence.storage_name)
    audit = AuditEvent.objects.get(action="evidence.deleted")
    assert audit.old_value["sha256"] == evidence.sha256 and "original_name" not in audit.old_value


# --- access: every evidence URL -------------------------------------------------------------------

def _urls(case, evidence):
    ids = {"case_id": case.pk, "evidence_id": evidence.pk}
    return [
        ("get", reverse("evidence:list", kwargs={"case_id": case.pk})),
        ("post", reverse("evidence:upload", kwargs={"case_id": case.pk})),
        ("get", reverse("evidence:list_pdf", kwargs={"case_id": case.pk})),
        ("get", reverse("evidence:archive_pdf", kwargs={"case_id": case.pk})),
        ("get", reverse("evidence:detail", kwargs=ids)),
        ("post", reverse("evidence:detail", kwargs=ids)),
        ("get", reverse("evidence:download", kwargs=ids)),
        ("get", reverse("evidence:preview", kwargs=ids)),
        ("get", reverse("evidence:delete", kwargs=ids)),
        ("post", reverse("evidence:delete", kwargs=ids)),
    ]


@pytest.fixture
def stored(owner_client, case):
    return _upload_one(owner_client, case)


def test_another_borrower_gets_404_on_every_evidence_url(client, case, stored):
    client.logout()
    client.force_login(UserFactory())
    for method, url in _urls(case, stored):
        data = {"files": [_file("x.png", samples.png())], "description": "改"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    stored.refresh_from_db()
    assert stored.description == "" and case.evidence.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_on_every_evidence_url(client, case, stored):
    login = reverse("login")
    client.logout()
    for method, url in _urls(case, stored):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(login), (method, url)


def test_an_evidence_id_of_another_case_is_404_under_my_case(owner_client, case):
    other = _upload_one(owner_client, CaseFactory(owner=case.owner))
    mine = _upload_one(owner_client, case, "mine.png", samples.png((50, 50)))
    assert mine.pk != other.pk
    ids = {"case_id": case.pk, "evidence_id": other.pk}
    for name in ("detail", "download", "preview", "delete"):
        assert owner_client.get(reverse(f"evidence:{name}", kwargs=ids)).status_code == 404


def test_clinic_staff_see_a_shared_case_their_reads_are_marked_and_they_cannot_delete(client, case, stored):
    clinic = ClinicFactory()
    staff = StaffFactory(clinic=clinic)
    client.force_login(staff)
    download = reverse("evidence:download", kwargs={"case_id": case.pk, "evidence_id": stored.pk})
    assert client.get(download).status_code == 404  # not shared yet

    share = CaseShare.objects.create(case=case, clinic=clinic, consented_by=case.owner, consent_text="同意分享")
    assert client.get(download).status_code == 200
    audit = AuditEvent.objects.get(action="evidence.downloaded")
    assert (audit.actor, audit.new_value) == (staff, {"by_staff": True})
    delete = reverse("evidence:delete", kwargs={"case_id": case.pk, "evidence_id": stored.pk})
    assert client.post(delete).status_code == 403
    assert Evidence.objects.filter(pk=stored.pk).exists()

    share.withdrawn_at = share.consented_at
    share.save()
    assert client.get(download).status_code == 404


def test_a_refused_upload_redirects_and_reloading_the_list_neither_resends_nor_repeats_the_refusal(owner_client, case):
    response = _upload(owner_client, case, _file("setup.exe", b"MZ" + b"\x00" * 200))
    page = _refused_page(owner_client, case, response)
    assert "<strong>setup.exe</strong>" in page
    reloaded = owner_client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert "setup.exe" not in reloaded and 'id="upload-refused"' not in reloaded
    assert AuditEvent.objects.filter(action="evidence.uploaded").count() == 0


def test_what_the_files_prove_is_asked_on_upload_saved_with_each_and_kept_when_one_is_refused(owner_client, case):
    list_url = reverse("evidence:list", kwargs={"case_id": case.pk})
    page = owner_client.get(list_url).content.decode()
    assert "这份证据证明什么？（可不填）" in page and 'name="proves"' in page
    response = owner_client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}), {
        "files": [_file("短信.png", samples.png()), _file("bad.exe", b"MZ" + b"\x00" * 200)],
        "proves": "催收方夜间发来威胁告诉单位的短信",
    })
    page = _refused_page(owner_client, case, response)
    assert case.evidence.get().proves == "催收方夜间发来威胁告诉单位的短信"
    assert "证明：催收方夜间发来威胁告诉单位的短信" in page
    # The refused file can be sent again with the same words: the box still holds them.
    assert '>\n催收方夜间发来威胁告诉单位的短信</textarea>' in page


def test_a_too_long_proof_on_upload_is_explained_and_nothing_is_saved(owner_client, case):
    response = owner_client.post(reverse("evidence:upload", kwargs={"case_id": case.pk}),
                                 {"files": [_file("短信.png", samples.png())], "proves": "长" * 301})
    assert response.status_code == 400
    assert "最多 300 个字。" in response.content.decode() and case.evidence.count() == 0


def test_a_file_uploaded_without_saying_what_it_proves_has_no_unfilled_line(owner_client, case):
    _upload(owner_client, case, _file("短信.png", samples.png()))
    page = owner_client.get(reverse("evidence:list", kwargs={"case_id": case.pk})).content.decode()
    assert case.evidence.get().proves == "" and "未填写" not in page and "证明：" not in page
