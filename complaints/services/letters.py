"""Writes of the letters area: the borrower's edits, generating a letter, recording its mailing and its reply. Atomic and audited."""

import datetime as dt
import hashlib
import logging
import time
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.evidence_list import evidence_attachments
from complaints.letters.compose import render_html
from complaints.letters.output import letter_pdf
from complaints.letters.registry import get_kind
from complaints.models import Case, Letter, LetterEdit
from complaints.selectors import evidence_for_case
from complaints.selectors.letters import draft_for
from complaints.services.audit import audit_changes, audit_digest, audit_record
from complaints.services.cases import case_section_update, case_step_add
from complaints.services.evidence import evidence_open_verified, evidence_stored_sha256

logger = logging.getLogger("zhirao.storage")


@transaction.atomic
def letter_edit_save(*, actor, case: Case, kind: str, target: str, inputs: dict, narrative: str, demands: list[str]) -> LetterEdit:
    """Save the borrower's (already validated) edits to one letter; audited with the old and new values."""
    edit, _created = LetterEdit.objects.select_for_update().get_or_create(case=case, kind=kind, target=target)
    old = {"inputs": edit.inputs, "narrative": edit.narrative, "demands": edit.demands}
    edit.inputs, edit.narrative, edit.demands = inputs, narrative, demands
    edit.full_clean()
    edit.save()
    # Which parts changed and their digests: the letter's words are the borrower's (docs/SECURITY.md).
    old_fields, new_fields = audit_changes(old, {"inputs": inputs, "narrative": narrative, "demands": demands})
    audit_record(actor=actor, action="letter.edit", subject=edit, case_id=case.pk, old=old_fields, new=new_fields)
    return edit


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def letter_generate(*, actor, case: Case, kind: str, target: str = "", archival: bool = False,
                    today: dt.date | None = None) -> tuple[Letter, bool]:
    """The letter for the case's current data: the stored one if nothing changed (same HTML, same PDF hash),
    else a newly rendered PDF kept privately in storage. Raises LetterIncomplete when fields are missing.

    A kind that names the evidence list among its attachments carries the case's evidence list as its last
    pages, so one PDF is printed and mailed. The list is part of the stored HTML: the same evidence gives the
    same letter; a file added, removed or described differently gives a new letter version (the one already
    sent stays as it was). `archival` (PDF/A-3b) also embeds the original files, each hash-checked and
    audited (EvidenceIntegrityError if one no longer matches: no letter is made).

    Returns (letter, created). Atomic: a failed insert removes the stored PDF again; audited.
    """
    if archival:
        # Checked before the transaction, so the audit row of a failed check is not rolled back with it.
        for evidence in evidence_for_case(case=case):
            if evidence_stored_sha256(evidence) != evidence.sha256:
                evidence_open_verified(actor=actor, evidence=evidence, purpose="embedded")  # audits the failure, raises
    return _letter_generate(actor=actor, case=case, kind=kind, target=target, archival=archival, today=today)


@transaction.atomic
def _letter_generate(*, actor, case: Case, kind: str, target: str, archival: bool, today: dt.date | None) -> tuple[Letter, bool]:
    Case.objects.select_for_update().filter(pk=case.pk).first()  # one generation per case at a time
    draft = draft_for(case, kind, target, today=today)
    html = render_html(draft, embedded=archival)
    html_sha256 = _sha256(html.encode("utf-8"))
    existing = Letter.objects.filter(case=case, kind=kind, target=target, html_sha256=html_sha256, archival=archival).first()
    if existing is not None:
        return existing, False
    attachments = evidence_attachments(case=case, rows=draft.evidence_list, actor=actor) if archival else None
    pdf = letter_pdf(html, archival=archival, attachments=attachments)
    started = time.perf_counter()
    storage_name = default_storage.save(f"letters/{case.pk}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    logger.info("letter stored", extra={"event": "storage.letter_saved", "bytes": len(pdf), "kind": kind,
                                        "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
    try:
        letter = Letter(
            case=case, kind=kind, target=target, title=draft.title,
            addressee={"name": draft.addressee.name, "address": draft.addressee.address, "postcode": draft.addressee.postcode},
            sender={"name": draft.sender.name, "address": draft.sender.address, "postcode": draft.sender.postcode},
            template_version=draft.spec.template_version, html=html, html_sha256=html_sha256, archival=archival,
            pdf_sha256=_sha256(pdf), pdf_size=len(pdf), pdf_storage_name=storage_name,
            letter_date=draft.today, reply_by=draft.reply_by, created_by=actor if actor and actor.is_authenticated else None,
        )
        letter.full_clean()
        letter.save()
        audit_record(actor=actor, action="letter.generate", subject=letter, case_id=case.pk,
                     new={"kind": kind, "target": target, "template_version": letter.template_version,
                          "pdf_sha256": letter.pdf_sha256, "archival": archival, "evidence_listed": len(draft.evidence_list)})
    except Exception:
        default_storage.delete(storage_name)
        raise
    return letter, True


@transaction.atomic
def letter_staff_view_record(*, actor, case: Case, letter: Letter | None = None, what: str) -> None:
    """Clinic staff reading a borrower's letter (preview, stored letter, PDF, envelope) is recorded, as their
    reads of evidence and of the log are."""
    audit_record(actor=actor, action="letter.staff_view", subject=letter or case, case_id=case.pk, new={"what": what})


class LetterIntegrityError(Exception):
    """The stored PDF is missing or its bytes no longer match the hash taken when it was rendered."""


def letter_pdf_bytes(letter: Letter) -> bytes:
    """The stored PDF, checked against its recorded SHA-256 (a changed or missing file is an error, never served)."""
    if not default_storage.exists(letter.pdf_storage_name):
        raise LetterIntegrityError(f"stored PDF of letter {letter.pk} is missing")
    with default_storage.open(letter.pdf_storage_name, "rb") as handle:
        data = handle.read()
    if _sha256(data) != letter.pdf_sha256:
        raise LetterIntegrityError(f"stored PDF of letter {letter.pk} does not match its SHA-256")
    return data


@transaction.atomic
def letter_record_mailing(*, actor, letter: Letter, mailed_on: dt.date, method: str, tracking_number: str) -> Letter:
    """Record that the letter was mailed, and mark its action as taken on that date in the case file's
    steps_taken (so the plan's waiting period starts then). Atomic and audited; recording the same mailing
    twice adds no second step.
    """
    if mailed_on > timezone.localdate():
        raise ValueError("mailed_on is in the future")
    case = Case.objects.select_for_update().get(pk=letter.case_id)
    old = {"mailed_on": letter.mailed_on.isoformat() if letter.mailed_on else None, "mail_method": letter.mail_method,
           "tracking_number": letter.tracking_number}
    letter.mailed_on, letter.mail_method, letter.tracking_number = mailed_on, method, tracking_number
    letter.full_clean()
    letter.save(update_fields=["mailed_on", "mail_method", "tracking_number"])
    step = {"action": get_kind(letter.kind).action, "on": mailed_on.isoformat()}
    if not any(item.get("action") == step["action"] and item.get("on") == step["on"] for item in case.data.get("steps_taken") or []):
        case_step_add(case=case, step=step, actor=actor)
    audit_record(actor=actor, action="letter.mailing", subject=letter, case_id=case.pk, old=old,
                 new={"mailed_on": mailed_on.isoformat(), "mail_method": method, "tracking_number": tracking_number})
    return letter


@transaction.atomic
def letter_record_reply(*, actor, letter: Letter, replied_on: dt.date, result: str, summary: str = "") -> Letter:
    """Record the answer to a mailed letter: the date it arrived, its result and a short summary, and write the
    result to the letter's step in the case file's steps_taken (facts.md `result`), adding the step when the
    borrower had removed it. Atomic and audited; recording it again corrects it. ValidationError (nothing saved)
    when the letter was not mailed or the date is before the mailing or in the future.
    """
    case = Case.objects.select_for_update().get(pk=letter.case_id)
    if letter.mailed_on is None:
        raise ValidationError({"replied_on": _("这封文书还没有寄出记录，请先记录寄出。")})
    if replied_on < letter.mailed_on:
        raise ValidationError({"replied_on": _("收到答复的日期不能早于寄出日期（%(date)s）。") % {"date": letter.mailed_on.isoformat()}})
    if replied_on > timezone.localdate():
        raise ValidationError({"replied_on": _("收到答复的日期不能晚于今天。")})
    old = {"replied_on": letter.replied_on.isoformat() if letter.replied_on else None, "reply_result": letter.reply_result,
           "reply_summary": letter.reply_summary}
    letter.replied_on, letter.reply_result, letter.reply_summary = replied_on, result, summary.strip()
    letter.full_clean()
    letter.save(update_fields=["replied_on", "reply_result", "reply_summary"])
    action, mailed_on = get_kind(letter.kind).action, letter.mailed_on.isoformat()
    steps = [dict(item) for item in case.data.get("steps_taken") or []]
    step = next((item for item in steps if item.get("action") == action and item.get("on") == mailed_on), None)
    if step is None:
        step = {"action": action, "on": mailed_on}
        steps.append(step)
        steps.sort(key=lambda item: item.get("on", ""))
    if step.get("result") != result:
        step["result"] = result
        case_section_update(case=case, section="steps_taken", value=steps, actor=actor)
    old["reply_summary"] = audit_digest(old["reply_summary"])
    audit_record(actor=actor, action="letter.reply", subject=letter, case_id=case.pk, old=old,
                 new={"replied_on": replied_on.isoformat(), "reply_result": result,
                      "reply_summary": audit_digest(letter.reply_summary)})
    return letter
