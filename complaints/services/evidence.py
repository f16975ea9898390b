"""Evidence writes: upload (stream, hash, detect, store), describe, delete; and verified reads.

Every write is atomic and audited. Audit rows hold the hash, size and type of a file, never its
name or description, so they carry no personal data once the case is gone.
"""

import hashlib
import logging
import secrets
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from complaints.evidence_types import EvidenceRefused, detect
from complaints.models import Case, Evidence, ThirdPartyUpload
from complaints.selectors import evidence_total_bytes
from complaints.selectors.access import case_visible_to_staff
from complaints.services.audit import audit_record
from complaints.services.log import case_file_refresh
from complaints.storage_crypto import EncryptedFileDamaged

CHUNK = 256 * 1024
# A verified copy being served stays in memory up to this size (a photo, a screenshot), on disk beyond (a recording).
VERIFIED_IN_MEMORY = 8 * 1024 * 1024
logger = logging.getLogger("zhirao.storage")


@dataclass(frozen=True)
class UploadOutcome:
    evidence: Evidence
    created: bool  # False: the same bytes were already in the case; nothing new was stored


class EvidenceIntegrityError(Exception):
    """The stored file is missing or its bytes no longer match the hash taken when it was received."""

    def __init__(self, evidence: Evidence):
        super().__init__(f"evidence {evidence.pk} failed its hash check")
        self.evidence = evidence


def evidence_storage():
    return storages["default"]


def _audit_facts(evidence: Evidence) -> dict:
    return {"sha256": evidence.sha256, "size": evidence.size, "kind": evidence.kind, "content_type": evidence.content_type}


def evidence_too_large_message(limit: int) -> str:
    return _("文件太大：每个文件最大 %(limit)s。请压缩或分段后再上传。") % {"limit": filesizeformat(limit)}


def _hash_chunks(chunks, *, limit: int | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        size += len(chunk)
        if limit is not None and size > limit:
            raise EvidenceRefused(evidence_too_large_message(limit))
        digest.update(chunk)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class CheckedUpload:
    """An upload read once, hashed and size-checked as it streamed, and its type decided from its content."""

    uploaded: object
    sha256: str
    size: int
    kind: str
    content_type: str

    @property
    def original_name(self) -> str:
        return evidence_clean_name(self.uploaded.name)


def evidence_check(uploaded) -> CheckedUpload:
    """Read `uploaded` chunk by chunk (never whole into memory): SHA-256 and size while it streams, refused past the
    per-file limit, then its type from its content. Raises EvidenceRefused saying why a file is not accepted."""
    sha256, size = _hash_chunks(uploaded.chunks(CHUNK), limit=settings.EVIDENCE_MAX_FILE_BYTES)
    uploaded.seek(0)
    detected = detect(uploaded, size=size, name=uploaded.name or "")
    uploaded.seek(0)
    return CheckedUpload(uploaded=uploaded, sha256=sha256, size=size, kind=detected.kind, content_type=detected.content_type)


@contextmanager
def evidence_stored(*, locked_case: Case, checked: CheckedUpload):
    """Copy a checked upload to storage under a random name for `locked_case` (locked by the caller's transaction)
    and yield that name once the stored copy hashes the same. Refused when the case has no room for it. When the
    block raises, the stored copy is deleted: no file is left behind without its row."""
    used = evidence_total_bytes(case=locked_case)
    if used + checked.size > settings.EVIDENCE_MAX_CASE_BYTES:
        raise EvidenceRefused(_(
            "这个案件的证据总量已到上限（已用 %(used)s，上限 %(limit)s），放不下这个 %(size)s 的文件。可以删除重复或无关的文件后再上传。"
        ) % {"used": filesizeformat(used), "limit": filesizeformat(settings.EVIDENCE_MAX_CASE_BYTES),
             "size": filesizeformat(checked.size)})
    storage = evidence_storage()
    started = time.perf_counter()
    stored_name = storage.save(f"evidence/{secrets.token_hex(20)}", checked.uploaded)
    try:
        with storage.open(stored_name, "rb") as stored:
            stored_sha256, stored_size = _hash_chunks(stored.chunks(CHUNK))
        logger.info("evidence stored", extra={"event": "storage.evidence_saved", "bytes": checked.size, "kind": checked.kind,
                                              "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
        if (stored_sha256, stored_size) != (checked.sha256, checked.size):
            raise EvidenceRefused(_("文件保存时出错（保存后的校验值不一致），请重新上传。"))
        yield stored_name
    except BaseException:
        storage.delete(stored_name)
        raise


def evidence_upload(*, actor, case: Case, uploaded, proves: str = "") -> UploadOutcome:
    """Keep one uploaded file as evidence of `case`, or raise EvidenceRefused saying why not. `proves`: what the
    borrower says the file proves, asked on the upload form; a file already in the case keeps its own.

    The upload is checked as it streams (evidence_check), then copied to storage and the stored copy hashed
    again before the row is written (evidence_stored). Identical bytes already in the case are recognised by
    their hash and not stored twice (idempotent). Atomic and audited.
    """
    checked = evidence_check(uploaded)
    with transaction.atomic():
        locked_case = Case.objects.select_for_update().get(pk=case.pk)
        existing = locked_case.evidence.filter(sha256=checked.sha256).first()
        if existing is not None:
            return UploadOutcome(existing, created=False)
        with evidence_stored(locked_case=locked_case, checked=checked) as stored_name:
            evidence = Evidence(
                case=locked_case, sha256=checked.sha256, size=checked.size, kind=checked.kind,
                content_type=checked.content_type, original_name=checked.original_name, storage_name=stored_name,
                proves=proves.strip(),
            )
            evidence.full_clean()
            evidence.save()
            audit_record(actor=actor, action="evidence.uploaded", subject=evidence, case_id=case.pk, new=_audit_facts(evidence))
    return UploadOutcome(evidence, created=True)


def evidence_clean_name(name: str | None) -> str:
    """The name as the borrower knows it, without control characters, at most 255 characters (extension kept)."""
    cleaned = "".join(character for character in (name or "") if character.isprintable()).strip() or _("未命名文件")
    if len(cleaned) <= 255:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if dot and len(extension) <= 10:
        return stem[: 254 - len(extension)] + "." + extension
    return cleaned[:255]


@transaction.atomic
def evidence_update(*, actor, evidence: Evidence, description: str, proves: str) -> Evidence:
    """Change what the borrower says about a file (the bytes never change). Atomic; audited when something changed."""
    current = Evidence.objects.select_for_update().get(pk=evidence.pk)
    changed = [field for field, new in (("description", description), ("proves", proves)) if getattr(current, field) != new]
    if not changed:
        return current
    current.description, current.proves = description, proves
    current.full_clean()
    current.save(update_fields=changed)
    audit_record(actor=actor, action="evidence.described", subject=current, case_id=current.case_id, new={"fields": changed})
    return current


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    """Remove a file from the case and from storage (the storage copy goes once the transaction commits). Audited."""
    storage, stored_name = evidence_storage(), evidence.storage_name
    audit_record(actor=actor, action="evidence.deleted", subject=evidence, case_id=evidence.case_id, old=_audit_facts(evidence))
    from_third_party = ThirdPartyUpload.objects.filter(evidence=evidence).exists()
    evidence.delete()  # a third party's file takes its ThirdPartyUpload row with it
    if from_third_party:  # what only that file showed leaves the case file
        case_file_refresh(actor=actor, case=evidence.case)
    transaction.on_commit(lambda: storage.delete(stored_name))


def evidence_stored_sha256(evidence) -> str | None:
    """SHA-256 of the bytes in storage now (of an Evidence or a waiting ThirdPartyUpload: its `storage_name`) (decrypted, when storage is encrypted), or None if the file is gone
    or, encrypted, no longer decrypts (changed, or sealed with a key no longer configured)."""
    return _stored_read(evidence)


def _stored_read(evidence, *, copy_to=None) -> str | None:
    """evidence_stored_sha256, also writing the bytes to `copy_to` as they are hashed when one is given."""
    storage = evidence_storage()
    if not storage.exists(evidence.storage_name):
        return None
    digest = hashlib.sha256()
    try:
        with storage.open(evidence.storage_name, "rb") as stored:
            for chunk in stored.chunks(CHUNK):
                digest.update(chunk)
                if copy_to is not None:
                    copy_to.write(chunk)
    except EncryptedFileDamaged:
        return None
    return digest.hexdigest()


def evidence_open_verified(*, actor, evidence: Evidence, purpose: str):
    """The stored file's bytes, to read, once they are checked against the recorded hash.

    The storage is read once: the bytes go to a temporary file (in memory up to VERIFIED_IN_MEMORY, on local disk
    beyond) as they are hashed, and that copy is what the caller reads, so what is served is exactly what was
    checked, even if the stored file changed a moment later (and object storage is asked once, not twice).
    `purpose` names the read in the audit log (`downloaded`, `previewed`, `embedded`); staff reads
    are marked so the borrower and the clinic can see who opened what. A missing or altered file is
    audited as `evidence.integrity_failed` and raises EvidenceIntegrityError: it is never served.
    """
    copy = tempfile.SpooledTemporaryFile(max_size=VERIFIED_IN_MEMORY)  # noqa: SIM115 (returned open: the caller closes it)
    try:
        stored = _stored_read(evidence, copy_to=copy)
        by_staff = case_visible_to_staff(user=actor, case=evidence.case) if actor is not None else False
        if stored != evidence.sha256:
            audit_record(actor=actor, action="evidence.integrity_failed", subject=evidence, case_id=evidence.case_id,
                         old={"sha256": evidence.sha256}, new={"sha256": stored, "purpose": purpose})
            raise EvidenceIntegrityError(evidence)
        audit_record(actor=actor, action=f"evidence.{purpose}", subject=evidence, case_id=evidence.case_id,
                     new={"by_staff": by_staff})
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy
