"""Writes to a case: create, edit a section of its case file, steps taken, sharing with a clinic, delete.

Every function here is atomic and audited. `Case.data` holds the case file of facts.md without `log`
(LogEntry rows); after every change the indexed copies (borrower and lender names, lender kind,
CaseNumber rows) are brought in step with it, and the whole file is checked against the contract.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import AuditEvent, Case, CaseShare, Clinic, LogEntry
from complaints.services.audit import audit_changes, audit_record
from complaints.services.collector_counts import collector_counts_sync
from complaints.services.evidence_archive import evidence_files_delete
from complaints.services.numbers import case_numbers_sync, shared_numbers_sync
from complaints.services.triage import case_refresh_priority
from guidance.schema import CaseFileError, parse_case_file

# Parts of the case file that are not facts about the case: the contract's tag, the plan date, the log (its own table),
# the evidence counts (case_file_for counts them from what is stored).
_NOT_STORED = ("spec", "today", "log", "evidence_held")
SECTIONS = ("borrower", "lender", "collector", "safety", "harassment", "steps_taken", "wants", "court_papers", "negotiation")


def case_file_checked(data: dict) -> dict:
    """The case file normalised by the contract's parser; ValidationError naming the field when it is wrong."""
    try:
        return parse_case_file(data)
    except CaseFileError as error:
        raise ValidationError(error.line(), code="case_file") from None


def _stored(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in _NOT_STORED}


def _indexed_copies_sync(case: Case) -> None:
    case.borrower_name = (case.data.get("borrower") or {}).get("name", "")[:100]
    case.borrower_phone = (case.data.get("borrower") or {}).get("phone", "")[:32]
    case.lender_name = (case.data.get("lender") or {}).get("name", "")[:200]
    case.lender_kind = (case.data.get("lender") or {}).get("kind", "")
    # `data` was checked by the contract's parser; an empty case file is a valid (new) case.
    case.full_clean(exclude=["data"])
    case.save()
    case_numbers_sync(case)
    case_refresh_priority(case=case)


@transaction.atomic
def case_create(*, owner, actor, data: dict | None = None, tree_version: str = "") -> Case:
    """A new case owned by `owner` (None: a clinic's walk-in case); the borrower's number and name default to the owner's.

    Atomic, audited. `data` may be a whole case file (its `log` is not stored here; see case_log_entries_create).
    """
    data = case_file_checked(copy.deepcopy(data or {}))
    if owner is not None and owner.phone:
        data.setdefault("borrower", {}).setdefault("phone", owner.phone)
    if owner is not None and owner.first_name:
        data.setdefault("borrower", {}).setdefault("name", owner.first_name)
    case = Case(owner=owner, data=_stored(data), tree_version=tree_version)
    _indexed_copies_sync(case)
    audit_record(actor=actor, action="case.create", subject=case, case_id=case.pk, new={"reference": case.reference, "tree_version": tree_version})
    return case


@transaction.atomic
def case_section_update(*, case: Case, section: str, value, actor) -> Case:
    """Replace one section of the case file. Checked against the contract first: on any problem
    ValidationError is raised and nothing is changed. Atomic, audited with the names of the fields that
    changed and digests of their old and new values (services.audit.audit_changes), never the values."""
    if section not in SECTIONS:
        raise ValueError(f"unknown case-file section {section!r}")
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = copy.deepcopy(case.data.get(section))
    data = copy.deepcopy(case.data)
    if value in ({}, [], None):
        data.pop(section, None)
    else:
        data[section] = value
    case.data = _stored(case_file_checked(data))
    if case.data.get(section) == old:
        return case
    _indexed_copies_sync(case)
    # What changed, not the values: a section holds ID numbers, phones and addresses (docs/SECURITY.md).
    old_fields, new_fields = audit_changes(old, case.data.get(section))
    audit_record(actor=actor, action="case.section_update", subject=case, case_id=case.pk,
                 old={"section": section, **old_fields}, new={"section": section, **new_fields})
    return case


@transaction.atomic
def case_sections_fill(*, case: Case, sections: dict, actor) -> Case:
    """Replace several sections at once (the facts a letter lacks, typed on its preview page): all or none, each
    checked and audited as case_section_update."""
    for section, value in sections.items():
        case = case_section_update(case=case, section=section, value=value, actor=actor)
    return case


def case_step_add(*, case: Case, step: dict, actor) -> Case:
    """Add a step the borrower took, keeping the list in date order. Atomic and audited (section update)."""
    steps = [*(case.data.get("steps_taken") or []), step]
    steps.sort(key=lambda item: item.get("on", ""))
    return case_section_update(case=case, section="steps_taken", value=steps, actor=actor)


def case_step_remove(*, case: Case, index: int, actor) -> Case:
    """Remove the step at `index` of `steps_taken`; ValidationError when there is no such step."""
    steps = list(case.data.get("steps_taken") or [])
    if not 0 <= index < len(steps):
        raise ValidationError(_("这一步已经不存在了，请刷新页面。"), code="no_such_step")
    del steps[index]
    return case_section_update(case=case, section="steps_taken", value=steps, actor=actor)


@transaction.atomic
def case_share_create(*, case: Case, clinic: Clinic, consent_text: str, actor, joint_consent_text: str = "") -> CaseShare:
    """Share the case with a clinic on the borrower's explicit consent, recording who agreed, when, to what text;
    with `joint_consent_text`, also the separate consent to the clinic's joint complaints (case_share_joint_consent_give).

    Atomic (the share and its joint consent, both or neither), audited; ValidationError when it is already shared
    with that clinic.
    """
    if case.shares.filter(clinic=clinic, withdrawn_at__isnull=True).exists():
        raise ValidationError(_("这个案件已经分享给“%(clinic)s”了。"), code="already_shared", params={"clinic": clinic.name})
    share = CaseShare(case=case, clinic=clinic, consented_by=actor, consent_text=consent_text)
    share.full_clean()
    share.save()
    shared_numbers_sync(case)
    audit_record(actor=actor, action="case.share", subject=share, case_id=case.pk, new={"clinic_id": clinic.pk, "consent_text": consent_text})
    if joint_consent_text:
        share = case_share_joint_consent_give(share=share, consent_text=joint_consent_text, actor=actor)
    return share


@transaction.atomic
def case_share_withdraw(*, share: CaseShare, actor) -> CaseShare:
    """End a clinic's access to the case. Idempotent (a withdrawn share stays withdrawn at its first time), audited."""
    share = CaseShare.objects.select_for_update().get(pk=share.pk)
    if share.withdrawn_at is None:
        share.withdrawn_at = timezone.now()
        share.save(update_fields=["withdrawn_at"])
        shared_numbers_sync(share.case)
        audit_record(actor=actor, action="case.share_withdraw", subject=share, case_id=share.case_id, new={"clinic_id": share.clinic_id})
        # The joint-complaint consent rests on the share: it ends with it, recorded as its own withdrawal.
        _joint_consent_end(share=share, actor=actor, at=share.withdrawn_at)
    return share


def _joint_consent_end(*, share: CaseShare, actor, at) -> None:
    if share.joint_consented_at is None or share.joint_withdrawn_at is not None:
        return
    share.joint_withdrawn_at = at
    share.save(update_fields=["joint_withdrawn_at"])
    collector_counts_sync([share.case_id])
    audit_record(actor=actor, action="case.share_joint_consent_withdraw", subject=share, case_id=share.case_id,
                 old={"joint_consented_at": share.joint_consented_at.isoformat()}, new={"clinic_id": share.clinic_id})


@transaction.atomic
def case_share_joint_consent_give(*, share: CaseShare, consent_text: str, actor) -> CaseShare:
    """Record the borrower's separate consent to be named in the clinic's joint complaints: who, when, the exact text.

    Atomic, audited, idempotent (a consent in force keeps its first record). Given again after a withdrawal it
    replaces the earlier record, whose time the audit row keeps. ValidationError on a withdrawn share.
    """
    share = CaseShare.objects.select_for_update().get(pk=share.pk)
    if share.withdrawn_at is not None:
        raise ValidationError(_("这个案件已经不再分享给该机构，不能纳入它的联合投诉。"), code="share_withdrawn")
    if share.joint_consent_active:
        return share
    if not consent_text.strip():
        raise ValidationError(_("缺少同意的内容。"), code="no_consent_text")
    old = ({"joint_consented_at": share.joint_consented_at.isoformat(), "joint_withdrawn_at": share.joint_withdrawn_at.isoformat()}
           if share.joint_consented_at else None)
    share.joint_consented_at, share.joint_consented_by = timezone.now(), actor
    share.joint_consent_text, share.joint_withdrawn_at = consent_text, None
    share.full_clean()
    share.save(update_fields=["joint_consented_at", "joint_consented_by", "joint_consent_text", "joint_withdrawn_at"])
    collector_counts_sync([share.case_id])
    audit_record(actor=actor, action="case.share_joint_consent", subject=share, case_id=share.case_id, old=old,
                 new={"clinic_id": share.clinic_id, "consent_text": consent_text})
    return share


@transaction.atomic
def case_share_joint_consent_withdraw(*, share: CaseShare, actor) -> CaseShare:
    """End the joint-complaint consent; the clinic keeps working the case. Idempotent (a withdrawn consent keeps
    its first withdrawal time), atomic, audited. Joint complaints already submitted are not recalled by this."""
    share = CaseShare.objects.select_for_update().get(pk=share.pk)
    _joint_consent_end(share=share, actor=actor, at=timezone.now())
    return share


def _stored_files_of(case: Case) -> list[str]:
    """Names in storage of every file that belongs to the case: evidence, letter PDFs, anything a later area adds.

    Found from the models themselves (a FileField, or a column named `…storage_name`, on a table that points
    at Case) so that a new kind of stored file cannot be forgotten when a case is deleted.
    """
    names = []
    for relation in Case._meta.related_objects:
        model = relation.related_model
        columns = [field.name for field in model._meta.concrete_fields if isinstance(field, models.FileField) or field.name.endswith("storage_name")]
        if not columns or relation.many_to_many:
            continue
        for row in model.objects.filter(**{relation.field.name: case}).values_list(*columns):
            names.extend(name for name in row if name)
    return names


@transaction.atomic
def case_delete(*, case: Case, actor) -> None:
    """Delete the case, its log, its evidence rows and, once the transaction commits, the evidence files.

    What remains is one audit row saying that a case was deleted (with no personal data), and the
    case's earlier audit rows with their old and new values blanked: the audit trail outlives the
    case, the borrower's facts do not.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    storage_names = _stored_files_of(case)
    counts = {"evidence": case.evidence.count(), "log_entries": LogEntry.objects.filter(case=case).count()}
    case_id = case.pk
    AuditEvent.objects.filter(case_id=case_id).update(old_value=None, new_value=None)
    audit_record(actor=actor, action="case.delete", subject=case, case_id=case_id, new=counts)
    collector_counts_sync([case_id], removing=True)
    case.delete()
    transaction.on_commit(lambda: evidence_files_delete(storage_names))
