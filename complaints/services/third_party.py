"""Evidence from third parties: the links a borrower gives the people the collectors messaged, their uploads, and
the borrower's decision on each.

Every write is atomic and audited. An upload goes through the same checks, hashing and storage as the borrower's own
(complaints.services.evidence: evidence_check, evidence_stored) and waits, outside the case's evidence, until the
borrower accepts it. Audit rows hold hashes, sizes, types and the relation, never the uploader's name.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.evidence_types import EvidenceRefused
from complaints.models import Case, Evidence, EvidenceLink, ThirdPartyUpload
from complaints.selectors import evidence_total_bytes
from complaints.services.audit import audit_record
from complaints.services.evidence import (
    EvidenceIntegrityError,
    evidence_check,
    evidence_storage,
    evidence_stored,
    evidence_stored_sha256,
)
from complaints.services.log import case_file_refresh


class LinkClosed(Exception):
    """The link expired or was withdrawn while the upload was on its way."""


@dataclass(frozen=True)
class NewLink:
    link: EvidenceLink
    token: str  # the only time the secret exists outside the borrower's copy of the link


@transaction.atomic
def link_create(*, actor, case: Case, days: int, label: str = "") -> NewLink:
    """A new upload link for `case`, open for `days` (one of settings.THIRD_PARTY_LINK_DAYS). The secret is 256 random
    bits; only its SHA-256 is stored, so the link is returned once and cannot be shown again. Atomic, audited."""
    if days not in settings.THIRD_PARTY_LINK_DAYS:
        raise ValueError(f"days must be one of {settings.THIRD_PARTY_LINK_DAYS}")
    token = secrets.token_urlsafe(32)
    link = EvidenceLink(case=case, token_hash=EvidenceLink.token_digest(token), label=label, created_by=actor,
                        expires_at=timezone.now() + dt.timedelta(days=days),
                        max_files=settings.THIRD_PARTY_LINK_MAX_FILES, max_bytes=settings.THIRD_PARTY_LINK_MAX_BYTES)
    link.full_clean()
    link.save()
    audit_record(actor=actor, action="evidence_link.created", subject=link, case_id=case.pk,
                 new={"expires_at": link.expires_at.isoformat(), "max_files": link.max_files, "max_bytes": link.max_bytes})
    return NewLink(link, token)


@transaction.atomic
def link_revoke(*, actor, link: EvidenceLink) -> EvidenceLink:
    """Withdraw a link at once: from now on it answers only that it no longer works. Idempotent; atomic, audited."""
    link = EvidenceLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="evidence_link.revoked", subject=link, case_id=link.case_id)
    return link


def link_full_message() -> str:
    """What a third party is told when a file does not fit, whether the link's or the case's room is short: never
    how much the case holds (the link's page shows nothing of the case)."""
    return _("这个链接能接收的文件总量已满，放不下这个文件。如还有文件，请让借款人发一个新链接。")


def _room_check(link: EvidenceLink, case: Case, size: int) -> None:
    if link.files_received >= link.max_files:
        raise EvidenceRefused(_("这个链接能接收的文件已满（最多 %(count)d 个）。如还有文件，请让借款人发一个新链接。")
                              % {"count": link.max_files})
    if link.bytes_received + size > link.max_bytes:
        raise EvidenceRefused(link_full_message())
    # evidence_stored checks the case's room again, with a message for the borrower that says what her case holds.
    if evidence_total_bytes(case=case) + size > settings.EVIDENCE_MAX_CASE_BYTES:
        raise EvidenceRefused(link_full_message())


def third_party_upload(*, link: EvidenceLink, uploaded, uploader_name: str, relation: str, consent_version: str) -> bool:
    """Keep one file a third party uploads through `link`, waiting for the borrower's decision. True when it was
    stored; False when the same bytes are already in the case or waiting (nothing stored twice).

    Checked as the borrower's own uploads are (EvidenceRefused says why a file is refused), counted against the
    link's bounds and the case's room. Raises LinkClosed when the link stopped working meanwhile. Atomic, audited
    (without the uploader's name: the audit trail outlives the case)."""
    checked = evidence_check(uploaded)
    with transaction.atomic():
        link = EvidenceLink.objects.select_for_update().get(pk=link.pk)
        if not link.usable:
            raise LinkClosed
        case = Case.objects.select_for_update().get(pk=link.case_id)
        _room_check(link, case, checked.size)
        link.files_received += 1
        link.bytes_received += checked.size
        link.save(update_fields=["files_received", "bytes_received"])
        if case.evidence.filter(sha256=checked.sha256).exists() or case.third_party_uploads.filter(sha256=checked.sha256).exists():
            return False
        with evidence_stored(locked_case=case, checked=checked) as stored_name:
            upload = ThirdPartyUpload(
                case=case, link=link, uploader_name=uploader_name, relation=relation, consent_version=consent_version,
                consented_at=timezone.now(), sha256=checked.sha256, size=checked.size, kind=checked.kind,
                content_type=checked.content_type, original_name=checked.original_name, storage_name=stored_name,
            )
            upload.full_clean()
            upload.save()
            audit_record(actor=None, action="evidence.third_party_uploaded", subject=upload, case_id=case.pk,
                         new={"sha256": upload.sha256, "size": upload.size, "kind": upload.kind, "relation": relation,
                              "link": link.pk, "consent_version": consent_version})
    return True


@transaction.atomic
def evidence_accept(*, actor, upload: ThirdPartyUpload) -> Evidence:
    """Take a waiting third-party upload into the case's evidence: the Evidence row takes over the stored file, and the
    upload row stays as where it came from. What its sender's relation shows (relatives, the employer… contacted)
    goes into the case file's `harassment.targets` (services.log.case_file_refresh). When the borrower has meanwhile
    uploaded the same bytes herself, her file stays and the waiting copy goes. Atomic, audited."""
    case = Case.objects.select_for_update().get(pk=upload.case_id)
    upload = ThirdPartyUpload.objects.waiting().select_for_update().get(pk=upload.pk)
    existing = case.evidence.filter(sha256=upload.sha256).first()
    if existing is not None:
        _upload_drop(actor=actor, upload=upload, duplicate=True)
        return existing
    evidence = Evidence(case=case, sha256=upload.sha256, size=upload.size, kind=upload.kind, content_type=upload.content_type,
                        original_name=upload.original_name, storage_name=upload.storage_name)
    evidence.full_clean()
    evidence.save()
    upload.evidence, upload.storage_name = evidence, ""
    upload.save(update_fields=["evidence", "storage_name"])
    audit_record(actor=actor, action="evidence.third_party_accepted", subject=evidence, case_id=case.pk,
                 new={"sha256": evidence.sha256, "size": evidence.size, "kind": evidence.kind, "relation": upload.relation})
    case_file_refresh(actor=actor, case=case)
    return evidence


def _upload_drop(*, actor, upload: ThirdPartyUpload, duplicate: bool = False) -> None:
    """Delete a waiting upload and, once the transaction commits, its file (audited as rejected; `duplicate` when the
    case already holds the same bytes)."""
    storage, stored_name = evidence_storage(), upload.storage_name
    audit_record(actor=actor, action="evidence.third_party_rejected", subject=upload, case_id=upload.case_id,
                 old={"sha256": upload.sha256, "size": upload.size, "kind": upload.kind, "relation": upload.relation},
                 new={"duplicate": True} if duplicate else None)
    upload.delete()
    transaction.on_commit(lambda: storage.delete(stored_name))


@transaction.atomic
def evidence_reject(*, actor, upload: ThirdPartyUpload) -> None:
    """Turn a waiting third-party upload down: its row goes, and its file leaves storage once the transaction commits.
    Atomic, audited."""
    upload = ThirdPartyUpload.objects.waiting().select_for_update().get(pk=upload.pk)
    _upload_drop(actor=actor, upload=upload)


def third_party_upload_open(*, actor, upload: ThirdPartyUpload):
    """Open a waiting upload's file so the borrower can look at it before she decides, after checking its bytes
    against the hash taken when it arrived. Audited; a missing or altered file is audited as
    `evidence.integrity_failed` and raises EvidenceIntegrityError: it is never served."""
    stored = evidence_stored_sha256(upload)
    if stored != upload.sha256:
        audit_record(actor=actor, action="evidence.integrity_failed", subject=upload, case_id=upload.case_id,
                     old={"sha256": upload.sha256}, new={"sha256": stored, "purpose": "third_party_downloaded"})
        raise EvidenceIntegrityError(upload)
    audit_record(actor=actor, action="evidence.third_party_downloaded", subject=upload, case_id=upload.case_id)
    return evidence_storage().open(upload.storage_name, "rb")
