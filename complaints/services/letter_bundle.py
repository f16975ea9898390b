"""All the letters a case's plan calls for now, generated in one go and packed in one ZIP (complaints.letters.bundle)
for the person who asked: the borrower, or staff of a clinic the case is shared with; or, for clinic staff, the same
for several cases of their clinic's queue at once, one folder per case. complaints.tasks runs both as background
jobs; the job's page shows progress, then what went in and what could not, and the download."""

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.evidence_list import evidence_list_pdf, evidence_list_rows
from complaints.letters.bundle import (
    BundledFile,
    CaseSection,
    bundle_list,
    bundle_zip,
    bundled_name,
    case_folder,
    cases_bundle_list,
    left_out_reason,
)
from complaints.letters.compose import LetterIncomplete
from complaints.models import Case, Clinic
from complaints.selectors.letters import PlannedLetter, planned_letters
from complaints.services.audit import audit_record
from complaints.services.jobs import job_file_save
from complaints.services.letters import LetterIntegrityError, letter_generate, letter_pdf_bytes
from guidance.clock import local

# The most cases one batch of several cases' letters takes: one page of the staff queue (QUEUE_PAGE_SIZE). A case's
# plan calls for about six letters now, so a full batch is some 300 PDFs, a ZIP of about 20 MB held in the worker's
# memory while it is packed, and a minute or two of rendering the first time (nothing to render again after that).
CASES_LETTERS_MAX = 50


@dataclass
class CaseLetters:
    """What one case gave a ZIP: its files (letters, then its evidence list), the letters in it (id, label, file
    name) and those left out (label, reason)."""

    files: list[BundledFile] = field(default_factory=list)
    letters: list[dict] = field(default_factory=list)
    left_out: list[dict] = field(default_factory=list)
    evidence_list: bool = False


def case_letters_generate(*, actor, case: Case, planned: list[PlannedLetter], folder: str = "",
                          on_letter: Callable[[], None]) -> CaseLetters:
    """Generate each of `planned` (planned_letters of `case`) that can be made now and read its stored PDF; with at
    least one letter, the case's evidence list too when it holds evidence. File names start with `folder/` when
    given. `on_letter()` after each planned letter, made or not.

    Each letter goes through letter_generate: the stored one when nothing changed, else a new version rendered by
    complaints.pdf and audited (`letter.generate`), so running this again (a retry) makes no letter twice; the files
    are the stored PDFs byte for byte. A letter that cannot be made now (facts missing, the plan says to wait or to
    do an earlier step first, its stored file changed) is left out with the reason and fails nothing."""
    prefix = f"{folder}/" if folder else ""
    made = CaseLetters()
    for item in planned:
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
                name = prefix + bundled_name(len(made.files) + 1, item.label)
                made.files.append(BundledFile(name=name, title=item.label, data=data, sha256=letter.pdf_sha256,
                                              addressee=letter.addressee.get("name", "")))
                made.letters.append({"id": letter.pk, "label": item.label, "file": name})
        if reason is not None:
            made.left_out.append({"label": item.label, "reason": reason})
        on_letter()
    if made.files and evidence_list_rows(case=case):
        evidence_list = evidence_list_pdf(case=case, actor=actor)
        made.files.append(BundledFile(name=prefix + _("证据目录") + ".pdf", title=_("证据目录"), data=evidence_list,
                                      sha256=hashlib.sha256(evidence_list).hexdigest()))
        made.evidence_list = True
    return made


def _made_at() -> str:
    return f"{local(timezone.now()):%Y-%m-%d %H:%M}"


def _zip_store(files: list[BundledFile], list_text: str) -> dict:
    """The files and their list (文书清单.txt) in one ZIP, stored for the job (job_file_save)."""
    return job_file_save(prefix="letters", data=bundle_zip(files=files, list_name=_("文书清单") + ".txt", list_text=list_text))


def _audit_or_discard(stored: dict | None, audit: Callable[[], None]) -> None:
    """Write the batch's audit row; should it fail, remove the stored ZIP before the job is retried: the retry makes
    its own, and this copy of the letters must not stay in storage with no job naming it."""
    try:
        with transaction.atomic():
            audit()
    except Exception:
        if stored:
            storages["default"].delete(stored["name"])
        raise


def letter_bundle_make(*, actor, case: Case, progress: Callable[[int, int], None]) -> dict:
    """Generate every letter the plan calls for now and keep them, with the case's evidence list and a list of the
    files and their SHA-256, in one ZIP stored for the job (complaints.services.jobs.job_file_save).

    The letters as case_letters_generate makes them: idempotent (safe to run again after a failure), a letter that
    cannot be made listed with its reason. `progress(done, total)` after each letter. Audited (`letters.bundle`, ids
    and counts only).

    Returns the job's result: the stored ZIP (None when no letter could be made), the letters in it and those left out.
    """
    planned = planned_letters(case)
    total = len(planned) + 1  # the last step packs the ZIP
    progress(0, total)
    steps = itertools.count(1)
    made = case_letters_generate(actor=actor, case=case, planned=planned,
                                 on_letter=lambda: progress(next(steps), total))
    stored = None
    if made.files:
        text = bundle_list(reference=case.reference, made_at=_made_at(), files=made.files, left_out=made.left_out)
        stored = _zip_store(made.files, text)
    _audit_or_discard(stored, lambda: audit_record(
        actor=actor, action="letters.bundle", subject=case, case_id=case.pk,
        new={"letters": [item["id"] for item in made.letters], "left_out": len(made.left_out),
             "sha256": stored["sha256"] if stored else None}))
    return {"file": stored, "letters": made.letters, "left_out": made.left_out, "evidence_list": made.evidence_list}


def cases_letters_make(*, actor, clinic: Clinic, cases: list[Case], refused: list[dict],
                       progress: Callable[[int, int], None]) -> dict:
    """For clinic staff: every letter the plans of `cases` call for now, in one ZIP with a folder per case (named by
    its case number) holding its letters and, when it has evidence, its evidence list, and at the top one list
    (文书清单.txt) giving per case what went in with each file's SHA-256 and what was left out and why.

    `cases` passed the access gate for `actor` just now (complaints.tasks); `refused` ({"reference", "reason"}) are
    the selected cases that no longer did: listed as left out, never read. Each case's letters as
    case_letters_generate makes them: idempotent (safe to run again after a failure), a letter that cannot be made
    listed with its reason. `progress(done, total)` after each letter of each case; the total is every case's
    planned letters and one step to pack the ZIP. Audited once for the batch (`letters.cases_bundle`: ids and counts
    only), besides each new letter's own `letter.generate`.

    Returns the job's result: the stored ZIP (None when no letter could be made) and per case, in the order of
    `cases` then `refused`, its letters and those left out, or why the whole case was left out.
    """
    planned = [(case, planned_letters(case)) for case in cases]
    total = sum(len(letters) for _case, letters in planned) + 1  # the last step packs the ZIP
    progress(0, total)
    steps = itertools.count(1)
    results, sections, files = [], [], []
    for case, letters in planned:
        folder = case_folder(case.reference)
        made = case_letters_generate(actor=actor, case=case, planned=letters, folder=folder,
                                     on_letter=lambda: progress(next(steps), total))
        files += made.files
        sections.append(CaseSection(reference=case.reference, files=made.files, left_out=made.left_out))
        results.append({"id": case.pk, "reference": case.reference, "folder": folder, "letters": made.letters,
                        "left_out": made.left_out, "evidence_list": made.evidence_list, "reason": ""})
    for item in refused:
        sections.append(CaseSection(reference=item["reference"], reason=item["reason"]))
        results.append({"id": None, "reference": item["reference"], "folder": "", "letters": [], "left_out": [],
                        "evidence_list": False, "reason": item["reason"]})
    stored = None
    if files:
        text = cases_bundle_list(made_at=_made_at(), cases=sections)
        stored = _zip_store(files, text)
    letter_ids = [letter["id"] for result in results for letter in result["letters"]]
    _audit_or_discard(stored, lambda: audit_record(
        actor=actor, action="letters.cases_bundle", subject=clinic,
        new={"cases": [case.pk for case in cases], "cases_left_out": len(refused), "letters": letter_ids,
             "letters_left_out": sum(len(result["left_out"]) for result in results),
             "sha256": stored["sha256"] if stored else None}))
    return {"file": stored, "cases": results}
