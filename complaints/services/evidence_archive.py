"""A case's evidence files as one ZIP (export) and back (import), and removing files from storage.

The ZIP holds the original files under readable names plus `manifest.json` with each file's
SHA-256, size, type, original name, description and the time Zhirao received it. Files are
streamed through Django's storage API in both directions, never read whole into memory.

On import a ZIP is treated like any upload from outside: every file's hash is checked against the
manifest and its type is decided from its content (complaints.evidence_types.detect; the manifest's
`kind` and `content_type` are not trusted), and member names that climb out of the archive
(`../x`, `/etc/x`, `C:\\x`) are refused although nothing is ever extracted by name. The import is
all or nothing, as the case import around it: one refused file fails the whole import, the message
names every refused file and why, and nothing stays in storage or in the database. A user
re-importing their own export expects the same case back, not a case quietly missing evidence its
log points to.
"""

import hashlib
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.temp import NamedTemporaryFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from complaints.evidence_rows import third_party_of
from complaints.evidence_types import Detected, EvidenceRefused, detect
from complaints.json_limits import JsonTooDeep, json_loads_limited
from complaints.models import Case, Evidence, ThirdPartyUpload
from complaints.selectors import evidence_total_bytes
from complaints.services.audit import audit_record
from complaints.services.evidence import evidence_clean_name

MANIFEST_NAME = "manifest.json"
MANIFEST_SPEC = "zhirao-evidence/1"
# A manifest lists files with a few short fields each: 1 MB holds thousands of them.
MANIFEST_MAX_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
_UNSAFE_NAME_CHARACTERS = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


class EvidenceArchiveError(ValueError):
    """An evidence ZIP that cannot be imported; `messages` say why in the user's language (one per refused file)."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


def evidence_storage_name_new() -> str:
    """A storage name that reveals nothing about the file or the case."""
    return f"evidence/{uuid.uuid4().hex}"


def evidence_files_delete(storage_names: Iterable[str]) -> None:
    """Remove files from storage; a file already gone is not an error (deleting is idempotent)."""
    for name in storage_names:
        default_storage.delete(name)


class _ZipStream:
    """A write-only file object whose written bytes are collected and handed out as they come."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self):
        return None

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _archive_name(position: int, evidence: Evidence) -> str:
    original = _UNSAFE_NAME_CHARACTERS.sub("_", evidence.original_name).strip(" .") or "file"
    return f"files/{position:03d}-{original}"


def evidence_manifest(case: Case) -> dict:
    items = []
    for position, evidence in enumerate(case.evidence.select_related("third_party").order_by("received_at", "id"), 1):
        item = {
            "file": _archive_name(position, evidence),
            "sha256": evidence.sha256,
            "size": evidence.size,
            "kind": evidence.kind,
            "content_type": evidence.content_type,
            "original_name": evidence.original_name,
            "received_at": evidence.received_at.isoformat(),
            "description": evidence.description,
            "proves": evidence.proves,
        }
        upload = third_party_of(evidence)
        if upload is not None:  # who gave it, as they stated it, and the consent they agreed to
            item["third_party"] = {"name": upload.uploader_name, "relation": upload.relation,
                                   "consent_version": upload.consent_version, "consented_at": upload.consented_at.isoformat()}
        items.append(item)
    return {"spec": MANIFEST_SPEC, "case": case.reference, "files": items}


def evidence_archive_stream(case: Case) -> Iterator[bytes]:
    """The case's evidence as a ZIP, produced piece by piece (for a streaming response or a file)."""
    manifest = evidence_manifest(case)
    names = dict(case.evidence.values_list("sha256", "storage_name"))
    stream = _ZipStream()
    with zipfile.ZipFile(stream, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
        yield stream.take()
        for item in manifest["files"]:
            with default_storage.open(names[item["sha256"]], "rb") as source, archive.open(item["file"], mode="w", force_zip64=True) as target:
                while chunk := source.read(_CHUNK):
                    target.write(chunk)
                    yield stream.take()
    yield stream.take()


def _member_read_limited(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member read into memory, at most `limit` bytes of it whatever its header claims (a ZIP bomb's
    declared size lies); EvidenceArchiveError when it is longer. KeyError when there is no such member."""
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise EvidenceArchiveError(_("证据压缩包里的 %(name)s 太大（最多 %(limit)s），不是止扰导出的证据包。")
                                   % {"name": name, "limit": filesizeformat(limit)})
    return data


def evidence_manifest_read(archive: zipfile.ZipFile) -> list[dict]:
    """The manifest's file entries, checked (spec, hashes, kinds, every named file present); EvidenceArchiveError otherwise."""
    try:
        manifest = json_loads_limited(_member_read_limited(archive, MANIFEST_NAME, MANIFEST_MAX_BYTES).decode("utf-8"))
    except KeyError:
        raise EvidenceArchiveError(_("证据压缩包里没有 manifest.json，不是止扰导出的证据包。")) from None
    except (UnicodeDecodeError, json.JSONDecodeError, JsonTooDeep):
        raise EvidenceArchiveError(_("证据压缩包里的 manifest.json 已损坏。")) from None
    if not isinstance(manifest, dict) or manifest.get("spec") != MANIFEST_SPEC or not isinstance(manifest.get("files"), list):
        raise EvidenceArchiveError(_("证据压缩包的 manifest.json 不是 %(spec)s 格式。") % {"spec": MANIFEST_SPEC})
    kinds = set(Evidence.Kind.values)
    for position, item in enumerate(manifest["files"], 1):
        if not isinstance(item, dict) or not re.fullmatch(r"[0-9a-f]{64}", str(item.get("sha256", ""))) or item.get("kind") not in kinds:
            raise EvidenceArchiveError(_("manifest.json 第 %(position)d 项缺少有效的 sha256 或类型。") % {"position": position})
        if item.get("file") not in archive.namelist():
            raise EvidenceArchiveError(_("证据压缩包里缺少文件 %(name)s。") % {"name": item.get("file")})
    return manifest["files"]


def _climbs_out(member: str) -> bool:
    """A member name that would land outside the archive's folder if someone extracted it (zip slip)."""
    path = PurePosixPath(member.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or bool(re.match(r"[A-Za-z]:", member))


def _display_name(item: dict) -> str:
    """The borrower's name of the file without any folder part, for messages and the evidence row."""
    name = str(item.get("original_name") or item["file"]).replace("\\", "/").rsplit("/", 1)[-1]
    return evidence_clean_name(name)


def _copy_checked(archive: zipfile.ZipFile, item: dict, target) -> int:
    """Stream one member into `target`, hashing it; returns its size. EvidenceArchiveError naming the file when its
    member name climbs out of the archive, it is too large, or its hash differs from the manifest."""
    name = _display_name(item)
    if _climbs_out(item["file"]):
        raise EvidenceArchiveError(_("文件 %(name)s 的压缩包路径（%(path)s）指向压缩包以外，不安全，没有导入。") % {"name": name, "path": item["file"]})
    info = archive.getinfo(item["file"])
    too_large = _("文件 %(name)s 超过了单个证据文件的大小上限。") % {"name": name}
    if info.file_size > settings.EVIDENCE_MAX_FILE_BYTES:
        raise EvidenceArchiveError(too_large)
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as source:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > settings.EVIDENCE_MAX_FILE_BYTES:
                raise EvidenceArchiveError(too_large)
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != item["sha256"]:
        raise EvidenceArchiveError(_("文件 %(name)s 的 SHA-256 与清单不一致，可能已被改动，没有导入。") % {"name": name})
    return size


def evidence_archive_member_bytes(archive: zipfile.ZipFile, item: dict) -> bytes:
    """One file of the ZIP, checked against the manifest's hash (to embed it in a PDF/A-3b)."""
    buffer = io.BytesIO()
    _copy_checked(archive, item, buffer)
    return buffer.getvalue()


def _store_checked(archive: zipfile.ZipFile, item: dict) -> tuple[str, int, Detected]:
    """Stream one file from the ZIP to storage, hashing it and deciding its type from its content.

    Refuses it (and stores nothing) with EvidenceArchiveError naming the file when _copy_checked does, or when
    the upload would refuse it.
    """
    name = _display_name(item)
    with NamedTemporaryFile() as spool:
        size = _copy_checked(archive, item, spool)
        spool.flush()
        try:
            detected = detect(spool, size=size, name=name)
        except EvidenceRefused as refusal:
            raise EvidenceArchiveError(_("文件 %(name)s 没有导入：%(reason)s") % {"name": name, "reason": refusal.message}) from None
        spool.seek(0)
        return default_storage.save(evidence_storage_name_new(), File(spool)), size, detected


def _third_party_import(item: dict, evidence: Evidence) -> None:
    """Keep where an exported file came from (a third party's name, relation and consent), or refuse a manifest entry
    that says it badly; nothing for the borrower's own file."""
    given = item.get("third_party")
    if given is None:
        return
    refusal = EvidenceArchiveError(_("文件 %(name)s 在 manifest.json 里的提供人信息（third_party）无效，没有导入。")
                                   % {"name": _display_name(item)})
    if not isinstance(given, dict):
        raise refusal
    consented_at = parse_datetime(str(given.get("consented_at", "")))
    upload = ThirdPartyUpload(
        case=evidence.case, link=None, uploader_name=str(given.get("name", "")), relation=str(given.get("relation", "")),
        consent_version=str(given.get("consent_version", "")), consented_at=consented_at, sha256=evidence.sha256,
        size=evidence.size, kind=evidence.kind, content_type=evidence.content_type, original_name=evidence.original_name,
        evidence=evidence,
    )
    try:
        upload.full_clean()
    except ValidationError:
        raise refusal from None
    upload.save()


def evidence_archive_import(*, case: Case, archive_file, actor) -> list[Evidence]:
    """Add the files of an exported evidence ZIP to `case`, each checked against its SHA-256 and typed by its content.

    All or nothing, audited per file; files already in the case (same hash) are kept once. Every file is
    checked before the import fails, so EvidenceArchiveError names each refused file and why (one line
    each); the files stored so far are removed again and no row is left.
    """
    stored: list[str] = []
    room = settings.EVIDENCE_MAX_CASE_BYTES - evidence_total_bytes(case=case)
    too_large = _("证据压缩包超过了一个案件的证据总量上限（%(limit)s）。") % {"limit": filesizeformat(settings.EVIDENCE_MAX_CASE_BYTES)}
    if (getattr(archive_file, "size", None) or 0) > room:
        raise EvidenceArchiveError(too_large)
    try:
        with transaction.atomic():
            try:
                archive = zipfile.ZipFile(archive_file)
            except zipfile.BadZipFile:
                raise EvidenceArchiveError(_("证据文件不是有效的 ZIP 压缩包。")) from None
            with archive:
                # What the ZIP says it unpacks to, then what it really does (below), counts against the case's room.
                total = sum(info.file_size for info in archive.infolist())
                if total > room:
                    raise EvidenceArchiveError(too_large)
                created, refused, unpacked = [], [], 0
                for item in evidence_manifest_read(archive):
                    if case.evidence.filter(sha256=item["sha256"]).exists():
                        continue
                    try:
                        storage_name, size, detected = _store_checked(archive, item)
                    except EvidenceArchiveError as refusal:
                        refused.append(str(refusal))
                        continue
                    stored.append(storage_name)
                    unpacked += size
                    if unpacked > room:
                        raise EvidenceArchiveError(too_large)
                    if refused:
                        continue  # the import fails anyway; checking the rest only completes the message
                    evidence = Evidence(
                        case=case, sha256=item["sha256"], size=size, kind=detected.kind,
                        content_type=detected.content_type, original_name=_display_name(item),
                        storage_name=storage_name,
                        description=str(item.get("description", ""))[:300], proves=str(item.get("proves", ""))[:300],
                    )
                    evidence.full_clean()
                    evidence.save()
                    received = parse_datetime(str(item.get("received_at", "")))
                    if received is not None:
                        # The time Zhirao first received the file is part of the evidence; keep it across an export.
                        Evidence.objects.filter(pk=evidence.pk).update(received_at=received)
                    audit_record(actor=actor, action="evidence.import", subject=evidence, case_id=case.pk, new={"sha256": evidence.sha256, "size": size})
                    try:
                        _third_party_import(item, evidence)
                    except EvidenceArchiveError as refusal:
                        refused.append(str(refusal))
                        continue
                    created.append(evidence)
                if refused:
                    raise EvidenceArchiveError(*refused)
                return created
    except Exception:
        evidence_files_delete(stored)
        raise
