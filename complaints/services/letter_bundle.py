"""All the letters a case's plan calls for now, generated in one go and packed in one ZIP (complaints.letters.bundle)
for the person who asked: the borrower, or staff of a clinic the case is shared with. complaints.tasks runs it as a
background job; the job's page shows progress, then what went in and what could not, and the download."""

import hashlib
from collections.abc import Callable

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.evidence_list import evidence_list_pdf, evidence_list_rows
from complaints.letters.bundle import BundledFile, bundle_list, bundle_zip, bundled_name, left_out_reason
from complaints.letters.compose import LetterIncomplete
from complaints.models import Case
from complaints.selectors.letters import planned_letters
from complaints.services.audit import audit_record
from complaints.services.jobs import job_file_save
from complaints.services.letters import LetterIntegrityError, letter_generate, letter_pdf_bytes
from guidance.clock import local


def letter_bundle_make(*, actor, case: Case, progress: Callable[[int, int], None]) -> dict:
    """Generate every letter the plan calls for now and keep them, with the case's evidence list and a list of the
    files and their SHA-256, in one ZIP stored for the job (complaints.services.jobs.job_file_save).

    Each letter goes through letter_generate: the stored one when nothing changed, else a new version rendered by
    complaints.pdf and audited (`letter.generate`); the ZIP holds the stored PDFs byte for byte. A letter that cannot
    be made now (facts missing, the plan says to wait or to do an earlier step first, its stored file changed) is
    listed with the reason and never fails the batch. Safe to run again after a failure (a retry): letters already
    generated are found, not made twice. `progress(done, total)` after each letter. Audited (`letters.bundle`, ids
    and counts only).

    Returns the job's result: the stored ZIP (None when no letter could be made), the letters in it and those left out.
    """
    planned = planned_letters(case)
    total = len(planned) + 1  # the last step packs the ZIP
    progress(0, total)
    files, bundled, left_out = [], [], []
    for number, item in enumerate(planned, start=1):
        reason = left_out_reason(status=item.plan.status, until=item.plan.until, missing=item.draft.missing)
        if reason is None:
            try:
                letter, _created = letter_generate(actor=actor, case=case, kind=item.plan.kind, target=item.plan.target)
                data = letter_pdf_bytes(letter)
            except LetterIncomplete as incomplete:  # a fact removed since the draft was read
                reason = left_out_reason(status=item.plan.status, until="", missing=incomplete.missing)
            except LetterIntegrityError:
                reason = _("保存的 PDF 已被改动或丢失（校验值不一致），没有放入。请联系法律援助机构。")
            else:
                name = bundled_name(len(files) + 1, item.label)
                files.append(BundledFile(name=name, title=item.label, data=data, sha256=letter.pdf_sha256,
                                         addressee=letter.addressee.get("name", "")))
                bundled.append({"id": letter.pk, "label": item.label, "file": name})
        if reason is not None:
            left_out.append({"label": item.label, "reason": reason})
        progress(number, total)
    stored, with_evidence_list = None, False
    if files:
        with_evidence_list = bool(evidence_list_rows(case=case))
        if with_evidence_list:
            evidence_list = evidence_list_pdf(case=case, actor=actor)
            files.append(BundledFile(name=_("证据目录") + ".pdf", title=_("证据目录"), data=evidence_list,
                                     sha256=hashlib.sha256(evidence_list).hexdigest()))
        text = bundle_list(reference=case.reference, made_at=f"{local(timezone.now()):%Y-%m-%d %H:%M}", files=files,
                           left_out=left_out)
        stored = job_file_save(prefix="letters", data=bundle_zip(files=files, list_name=_("文书清单") + ".txt", list_text=text))
    try:
        with transaction.atomic():
            audit_record(actor=actor, action="letters.bundle", subject=case, case_id=case.pk,
                         new={"letters": [item["id"] for item in bundled], "left_out": len(left_out),
                              "sha256": stored["sha256"] if stored else None})
    except Exception:
        if stored:  # the retry makes its own: this copy of her letters must not stay in storage with no job naming it
            storages["default"].delete(stored["name"])
        raise
    return {"file": stored, "letters": bundled, "left_out": left_out, "evidence_list": with_evidence_list}
