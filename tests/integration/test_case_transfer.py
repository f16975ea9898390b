"""Export -> delete -> import gives back the same case file and the same evidence bytes; the commands' exit codes."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from complaints.models import AuditEvent, Case, Evidence, LogEntry
from complaints.selectors.case_file import case_file_stored
from complaints.services.cases import case_create
from complaints.services.evidence_archive import evidence_archive_import, evidence_storage_name_new
from tests.factories import UserFactory
from tests.fixtures.evidence import samples

pytestmark = pytest.mark.django_db

CASE_FILE = {
    "borrower": {"name": "张三", "phone": "+8613800138000", "id_number": "11010519491231002X",
                 "address": {"province": "广东省", "city": "深圳市", "district": "南山区", "street": "科技园路1号", "postcode": "518000"}},
    "lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance", "app_name": "某某借", "illegal_debt_signs": False},
    "collector": {"name": "某某信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["+8617012345678", "10690000123456"]},
    "safety": {"in_danger_now": False},
    "harassment": {"channels": ["sms", "call"], "targets": ["self", "contacts"], "content": ["threat_exposure"], "night_contact": True,
                   "max_per_day": 40, "first_seen": "2026-03-01"},
    "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-02", "result": "no_reply"}],
    "wants": ["stop_harassment", "delete_my_data"],
}
FILES = {"截图 1.png": samples.png(), "录音.m4a": samples.m4a()}


def refused(capsys, *args) -> str:
    """Run a command that must refuse: exit status 2 and one clean line on stderr, which is returned."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        call_command(*args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1 and "CommandError" not in err
    return err.strip()


@pytest.fixture
def owner():
    return UserFactory(username="+8613800138000", phone="+8613800138000")


def evidence_add(case, name, content, kind):
    return Evidence.objects.create(
        case=case, sha256=hashlib.sha256(content).hexdigest(), size=len(content), kind=kind, content_type="application/octet-stream",
        original_name=name, storage_name=default_storage.save(evidence_storage_name_new(), ContentFile(content)), description=f"{name} 的说明",
    )


@pytest.fixture
def full_case(owner):
    case = case_create(owner=owner, actor=owner, data=CASE_FILE)
    screenshot = evidence_add(case, "截图 1.png", FILES["截图 1.png"], Evidence.Kind.IMAGE)
    evidence_add(case, "录音.m4a", FILES["录音.m4a"], Evidence.Kind.AUDIO)
    entry = LogEntry.objects.create(case=case, at="2026-03-14T22:41:00+08:00", channel="sms", from_number="+8617012345678", target="self", text="再不还钱就通知你全部联系人")
    entry.evidence.add(screenshot)
    LogEntry.objects.create(case=case, at="2026-03-15T09:00:00+08:00", channel="call", from_number="10690000123456", target="contacts")
    LogEntry.objects.create(case=case, at="2026-03-16T09:00:00+08:00", channel="sms", text="未确认的导入短信", pending_review=True)
    return case


def zip_contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        return {item["sha256"]: archive.read(item["file"]) for item in manifest["files"]}


def test_export_gives_the_case_file_with_its_confirmed_log(client, owner, full_case):
    client.force_login(owner)
    response = client.get(reverse("cases:export_json", kwargs={"case_id": full_case.pk}))
    assert response["Content-Disposition"] == f'attachment; filename="{full_case.reference}.json"'
    assert "no-store" in response["Cache-Control"]
    exported = json.loads(response.content)
    assert exported["spec"] == "zhirao-case/1"
    assert {key: value for key, value in exported.items() if key not in ("spec", "log")} == CASE_FILE
    screenshot_hash = hashlib.sha256(FILES["截图 1.png"]).hexdigest()
    assert exported["log"] == [
        {"at": "2026-03-14T22:41:00+08:00", "channel": "sms", "target": "self", "from_number": "+8617012345678",
         "text": "再不还钱就通知你全部联系人", "evidence": [f"sha256:{screenshot_hash}"]},
        {"at": "2026-03-15T09:00:00+08:00", "channel": "call", "target": "contacts", "from_number": "10690000123456"},
    ]


def test_evidence_zip_is_streamed_and_holds_every_file_with_its_hash(client, owner, full_case):
    client.force_login(owner)
    response = client.get(reverse("cases:export_evidence", kwargs={"case_id": full_case.pk}))
    assert response.streaming and response["Content-Type"] == "application/zip"
    contents = zip_contents(b"".join(response.streaming_content))
    assert contents == {hashlib.sha256(data).hexdigest(): data for data in FILES.values()}


def test_export_delete_import_round_trip(client, owner, full_case, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(owner)
    exported = json.loads(client.get(reverse("cases:export_json", kwargs={"case_id": full_case.pk})).content)
    archive = b"".join(client.get(reverse("cases:export_evidence", kwargs={"case_id": full_case.pk})).streaming_content)
    storage_names = list(full_case.evidence.values_list("storage_name", flat=True))
    (tmp_path / "case.json").write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "case-evidence.zip").write_bytes(archive)

    # Delete: a wrong confirmation changes nothing.
    delete_url = reverse("cases:delete", kwargs={"case_id": full_case.pk})
    assert client.post(delete_url, {"confirm_reference": "ZR-WRONG"}).status_code == 400
    assert Case.objects.filter(pk=full_case.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url, {"confirm_reference": full_case.reference.lower()})
    assert response.status_code == 302
    assert not Case.objects.exists() and not Evidence.objects.exists() and not LogEntry.objects.exists()
    assert not any(default_storage.exists(name) for name in storage_names)
    deleted = AuditEvent.objects.get(action="case.delete")
    assert deleted.case_id == full_case.pk and deleted.new_value == {"evidence": 2, "log_entries": 3}
    assert all(event.old_value is None and event.new_value is None
               for event in AuditEvent.objects.filter(case_id=full_case.pk).exclude(action="case.delete"))
    every_value = json.dumps([[event.subject_type, event.subject_id, event.old_value, event.new_value] for event in AuditEvent.objects.all()],
                             ensure_ascii=False)
    for personal in ("张三", "11010519491231002X", "科技园路1号", "13800138000", "截图", "录音", "某某", "通知你全部联系人", "17012345678"):
        assert personal not in every_value

    # Import from the command line, evidence found next to the JSON.
    out = io.StringIO()
    call_command("case_import", str(tmp_path / "case.json"), "--owner", "138 0013 8000", stdout=out)
    case = Case.objects.get()
    assert case.reference in out.getvalue() and case.owner == owner
    assert case_file_stored(case) == exported
    assert {evidence.sha256 for evidence in case.evidence.all()} == {hashlib.sha256(data).hexdigest() for data in FILES.values()}
    for evidence in case.evidence.all():
        with default_storage.open(evidence.storage_name, "rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == evidence.sha256
    assert case.evidence.get(original_name="截图 1.png").description == "截图 1.png 的说明"
    assert {row.number for row in case.numbers.all()} == {"+8617012345678", "10690000123456"}
    assert AuditEvent.objects.filter(action="case.import", case_id=case.pk).exists()
    assert AuditEvent.objects.filter(action="evidence.import", case_id=case.pk).count() == 2


def test_case_export_command_writes_both_files(full_case, tmp_path):
    out = io.StringIO()
    call_command("case_export", full_case.reference, "--out", str(tmp_path / "out"), stdout=out)
    json_path = tmp_path / "out" / f"{full_case.reference}.json"
    zip_path = tmp_path / "out" / f"{full_case.reference}-evidence.zip"
    assert out.getvalue().split() == [str(json_path), str(zip_path)]
    assert json.loads(json_path.read_text(encoding="utf-8")) == case_file_stored(full_case)
    assert len(zip_contents(zip_path.read_bytes())) == 2


def test_case_export_of_an_unknown_case_exits_2(tmp_path, capsys):
    err = refused(capsys, "case_export", "ZR-NOSUCH", "--out", str(tmp_path))
    assert err == "没有编号为“ZR-NOSUCH”的案件：请检查案件编号（形如 ZR-AB23CD45）。"


def test_case_export_to_an_unwritable_place_exits_2(full_case, tmp_path, capsys):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = tmp_path / "a-file" / "out"
    err = refused(capsys, "case_export", full_case.reference, "--out", str(out))
    assert err.startswith(f"--out {out}: 无法写入（")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "不是有效的 JSON"),
        (b'{"spec": "zhirao-case/2"}', "spec"),
        (b'{"lender": {"kind": "pawnshop"}}', "lender.kind"),
        (b'{"borrower": {"nickname": "x"}}', "borrower.nickname"),
        (b'{"log": [{"at": "2026-03-14T22:41:00+08:00", "evidence": ["sha256:' + b"a" * 64 + b'"]}]}', "log[0].evidence"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_case_import_of_a_bad_file_exits_2_with_one_line_and_creates_nothing(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    err = refused(capsys, "case_import", str(path))
    assert err.startswith(f"{path}: ") and message in err
    assert not Case.objects.exists() and not AuditEvent.objects.exists()


def test_case_import_of_a_missing_file_or_unknown_owner_exits_2(tmp_path, capsys):
    err = refused(capsys, "case_import", str(tmp_path / "nothing.json"))
    assert err.startswith(f"{tmp_path / 'nothing.json'}: 无法读取文件（")
    (tmp_path / "ok.json").write_text("{}", encoding="utf-8")
    err = refused(capsys, "case_import", str(tmp_path / "ok.json"), "--owner", "13900139000")
    assert err == "--owner: 没有“13900139000”的账号：请填借款人的登录名（早先的账号：注册用的手机号）。"
    err = refused(capsys, "case_import", str(tmp_path / "ok.json"), "--evidence", str(tmp_path / "none.zip"))
    assert err.startswith(f"{tmp_path / 'none.zip'}: 无法读取证据压缩包（")
    assert not Case.objects.exists()


def test_a_tampered_evidence_zip_is_refused_and_leaves_nothing(full_case, tmp_path, capsys):
    call_command("case_export", full_case.reference, "--out", str(tmp_path), stdout=io.StringIO())
    zip_path = tmp_path / f"{full_case.reference}-evidence.zip"
    with zipfile.ZipFile(zip_path) as original:
        entries = {info.filename: original.read(info) for info in original.infolist()}
    tampered = next(name for name in entries if name.endswith(".m4a"))
    entries[tampered] = entries[tampered][:-1] + b"!"
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    files_before = sorted(default_storage.listdir("evidence")[1])
    err = refused(capsys, "case_import", str(tmp_path / f"{full_case.reference}.json"))
    assert err.startswith(f"{zip_path}: ") and "SHA-256" in err and "录音.m4a" in err
    assert Case.objects.count() == 1
    assert sorted(default_storage.listdir("evidence")[1]) == files_before


def test_import_through_the_web_makes_a_new_case_of_mine(client, owner, full_case):
    client.force_login(owner)
    exported = client.get(reverse("cases:export_json", kwargs={"case_id": full_case.pk})).content
    archive = b"".join(client.get(reverse("cases:export_evidence", kwargs={"case_id": full_case.pk})).streaming_content)
    response = client.post(reverse("cases:import"), {
        "case_file": ContentFile(exported, name="case.json"), "evidence": ContentFile(archive, name="evidence.zip"),
    })
    new_case = Case.objects.exclude(pk=full_case.pk).get()
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": new_case.pk})
    assert new_case.owner == owner and case_file_stored(new_case) == json.loads(exported)


def test_import_through_the_web_says_what_is_wrong(client, owner):
    client.force_login(owner)
    response = client.post(reverse("cases:import"), {"case_file": ContentFile(b'{"wants": ["revenge"]}', name="case.json")})
    page = response.content.decode()
    assert response.status_code == 200 and "wants[0]" in page and 'role="alert"' in page
    response = client.post(reverse("cases:import"), {
        "case_file": ContentFile(b"{}", name="case.json"), "evidence": ContentFile(b"not a zip", name="e.zip"),
    })
    assert "不是有效的 ZIP" in response.content.decode()
    assert not Case.objects.exists()


def hostile_zip(files: dict[str, tuple[bytes, str]], *, lie_about: dict[str, str] | None = None) -> bytes:
    """An evidence ZIP in case_export's format; `files` maps member name -> (bytes, original name);
    `lie_about` gives a member a manifest sha256 that is not its own."""
    lie_about = lie_about or {}
    manifest = {"spec": "zhirao-evidence/1", "case": "ZR-HOSTILE", "files": [
        {"file": member, "sha256": lie_about.get(member) or hashlib.sha256(data).hexdigest(), "size": len(data),
         "kind": "image", "content_type": "image/jpeg", "original_name": original, "received_at": "2026-03-14T22:41:00+08:00"}
        for member, (data, original) in files.items()
    ]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for member, (data, _original) in files.items():
            archive.writestr(member, data)
    return buffer.getvalue()


HOSTILE = {
    "files/001-ok.png": (samples.png(), "ok.png"),
    "files/002-photo.jpg": (b"<!DOCTYPE html><html><body><script>fetch('/cases/')</script></body></html>", "photo.jpg"),
    "files/003-logo.svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', "logo.svg"),
    "../../x": (samples.png(size=(30, 30)), "x.png"),
    "files/005-changed.jpg": (samples.jpeg(), "changed.jpg"),
}


def test_a_hostile_evidence_zip_is_refused_whole_naming_every_bad_file(client, owner, tmp_path):
    client.force_login(owner)
    archive = hostile_zip(HOSTILE, lie_about={"files/005-changed.jpg": "0" * 64})
    files_before = default_storage.listdir("evidence")[1] if default_storage.exists("evidence") else []
    response = client.post(reverse("cases:import"), {
        "case_file": ContentFile(b"{}", name="case.json"), "evidence": ContentFile(archive, name="evidence.zip"),
    })
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page
    assert "photo.jpg 没有导入" in page and "文件名看起来是" in page  # HTML renamed .jpg: refused by content
    assert "logo.svg 没有导入" in page
    assert "x.png 的压缩包路径（../../x）指向压缩包以外" in page
    assert "changed.jpg 的 SHA-256 与清单不一致" in page
    assert "ok.png" not in page  # the good file is not blamed
    # All or nothing: no case, no evidence row, no file left in storage, nothing written outside it.
    assert not Case.objects.exists() and not Evidence.objects.exists()
    assert (default_storage.listdir("evidence")[1] if default_storage.exists("evidence") else []) == files_before
    assert not AuditEvent.objects.filter(action="evidence.import").exists()


def test_imported_evidence_gets_the_type_its_content_has_not_the_manifests(owner):
    case = case_create(owner=owner, actor=owner, data={})
    archive = hostile_zip({"files/001-call.jpg": (samples.m4a(), "../通话录音.jpg")})  # manifest says image/jpeg
    [evidence] = evidence_archive_import(case=case, archive_file=io.BytesIO(archive), actor=owner)
    assert (evidence.kind, evidence.content_type) == ("audio", "audio/mp4")
    assert evidence.original_name == "通话录音.jpg"  # no folder part kept from the manifest
    with default_storage.open(evidence.storage_name, "rb") as stored:
        assert stored.read() == samples.m4a()


def test_the_import_command_says_which_files_were_refused(tmp_path, capsys):
    (tmp_path / "case.json").write_text("{}", encoding="utf-8")
    (tmp_path / "case-evidence.zip").write_bytes(hostile_zip({"files/002-photo.jpg": HOSTILE["files/002-photo.jpg"]}))
    err = refused(capsys, "case_import", str(tmp_path / "case.json"))
    assert err.startswith(f"{tmp_path / 'case-evidence.zip'}: ") and "photo.jpg 没有导入" in err
    assert not Case.objects.exists()
