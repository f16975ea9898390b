"""A case's evidence files as one ZIP (export) and back (import), and removing files from storage.

The ZIP holds the original files under readable names plus `manifest.json` with each file's
SHA-256, size, type, original name, description and the time Zhirao received it. Files are
streamed through Django's storage API in both directions, never read whole into memory, and on
import every file's hash is checked against the manifest before the evidence row exists.
"""

import hashlib
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.temp import NamedTemporaryFile
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from complaints.models import Case, Evidence
from complaints.services.audit import audit_record

MANIFEST_NAME = "manifest.json"
MANIFEST_SPEC = "zhirao-evidence/1"
_CHUNK = 64 * 1024
_UNSAFE_NAME_CHARACTERS = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


class EvidenceArchiveError(ValueError):
    """An evidence ZIP that cannot be imported; the message says why in the user's language."""


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
    for position, evidence in enumerate(case.evidence.order_by("received_at", "id"), 1):
        items.append({
            "file": _archive_name(position, evidence),
            "sha256": evidence.sha256,
            "size": evidence.size,
            "kind": evidence.kind,
            "content_type": evidence.content_type,
            "original_name": evidence.original_name,
            "received_at": evidence.received_at.isoformat(),
            "description": evidence.description,
            "proves": evidence.proves,
        })
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


def _manifest_read(archive: zipfile.ZipFile) -> list[dict]:
    try:
        manifest = json.loads(archive.read(MANIFEST_NAME).decode("utf-8"))
    except KeyError:
        raise EvidenceArchiveError(_("证据压缩包里没有 manifest.json，不是止扰导出的证据包。")) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
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


def _store_checked(archive: zipfile.ZipFile, item: dict) -> tuple[str, int]:
    """Stream one file from the ZIP to storage, hashing it; refuse it (and store nothing) if the hash differs."""
    info = archive.getinfo(item["file"])
    if info.file_size > settings.EVIDENCE_MAX_FILE_BYTES:
        raise EvidenceArchiveError(_("文件 %(name)s 超过了单个证据文件的大小上限。") % {"name": item["original_name"]})
    digest, size = hashlib.sha256(), 0
    with NamedTemporaryFile() as spool, archive.open(info) as source:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > settings.EVIDENCE_MAX_FILE_BYTES:
                raise EvidenceArchiveError(_("文件 %(name)s 超过了单个证据文件的大小上限。") % {"name": item["original_name"]})
            digest.update(chunk)
            spool.write(chunk)
        if digest.hexdigest() != item["sha256"]:
            raise EvidenceArchiveError(_("文件 %(name)s 的 SHA-256 与清单不一致，可能已被改动，没有导入。") % {"name": item["original_name"]})
        spool.seek(0)
        return default_storage.save(evidence_storage_name_new(), File(spool)), size


def evidence_archive_import(*, case: Case, archive_file, actor) -> list[Evidence]:
    """Add the files of an exported evidence ZIP to `case`, each checked against its SHA-256.

    Atomic for the database, audited per file; files already in the case (same hash) are kept once.
    If anything fails, the files stored so far are removed again and EvidenceArchiveError says why.
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            try:
                archive = zipfile.ZipFile(archive_file)
            except zipfile.BadZipFile:
                raise EvidenceArchiveError(_("证据文件不是有效的 ZIP 压缩包。")) from None
            with archive:
                total = sum(info.file_size for info in archive.infolist())
                if total > settings.EVIDENCE_MAX_CASE_BYTES:
                    raise EvidenceArchiveError(_("证据压缩包超过了一个案件的证据总量上限。"))
                created = []
                for item in _manifest_read(archive):
                    if case.evidence.filter(sha256=item["sha256"]).exists():
                        continue
                    storage_name, size = _store_checked(archive, item)
                    stored.append(storage_name)
                    evidence = Evidence(
                        case=case, sha256=item["sha256"], size=size, kind=item["kind"],
                        content_type=str(item.get("content_type", ""))[:100] or "application/octet-stream",
                        original_name=str(item.get("original_name", ""))[:255] or item["file"].rsplit("/", 1)[-1],
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
                    created.append(evidence)
                return created
    except Exception:
        evidence_files_delete(stored)
        raise
