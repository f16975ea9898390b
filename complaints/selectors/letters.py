"""Reads for the letters area. Callers have already passed complaints.selectors.access.case_access."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import translation

from complaints.evidence_rows import rows_from_evidence, third_party_words
from complaints.letters import facts as f
from complaints.letters.compose import LetterDraft, compose, letter_case
from complaints.letters.labels import letter_label
from complaints.letters.selection import ApplicableLetter, applicable_letters
from complaints.models import Case, Letter, LetterEdit, LogEntry
from complaints.selectors import evidence_for_case
from complaints.selectors.case_file import case_file_for, written_log_summary
from guidance import clock


def evidence_lines_for(evidence) -> list[str]:
    """Evidence and its source, one line per stored file (the civil complaint lists them; 民事诉讼法 第一百二十四条(四))."""
    with translation.override("zh-hans"):  # letters are Chinese whatever the language of the page that makes them
        return [_evidence_line(item) for item in evidence]


def _evidence_line(item) -> str:
    slots = {"title": item.description or item.original_name, "kind": item.get_kind_display(), "digest": item.sha256[:16]}
    words = third_party_words(item)
    if words is None:
        return f.say("evidence_line", **slots)
    return f.say("evidence_line_third_party", **slots, **words)


def letter_case_for(case: Case, *, today: dt.date | None = None) -> f.LetterCase:
    """The case as its letters read it (compose.letter_case), read once for every draft a request composes.

    What the letters say of the log comes from what complaints.services.log stored when the log last changed
    (Case.log_summary: the whole log's analysis and the letters' part, f.letter_facts_json), with the case file
    read without its log, so the letters cost the same whatever the log's length; only the files the entries link
    to are counted here. A case whose summary the services never wrote (or of another version) is read with its
    whole log."""
    analysis = written_log_summary(case)
    if analysis is None:
        return letter_case(case_file_for(case, today=today))
    return letter_case(case_file_for(case, today=today, with_log=False), stored=case.log_summary["letters"],
                       analysis=analysis, evidence_files=_log_evidence_files(case))


def _log_evidence_files(case: Case) -> int:
    """How many distinct files (by hash, as the log's `evidence` refs are) the confirmed log entries link to."""
    links = LogEntry.evidence.through.objects.filter(logentry__case=case, logentry__pending_review=False)
    return links.aggregate(files=Count("evidence__sha256", distinct=True))["files"]


def letter_edit_for(case: Case, kind: str, target: str) -> LetterEdit | None:
    return LetterEdit.objects.filter(case=case, kind=kind, target=target).first()


def draft_for(case: Case, kind: str, target: str, *, today: dt.date | None = None, edit: LetterEdit | None = None,
              case_file: dict | f.LetterCase | None = None) -> LetterDraft:
    """The letter as it would be generated now, with the borrower's saved edits (or `edit`, unsaved). `case_file`:
    the case's case_file_for when the caller read it already (as of `today`), or its letter_case_for when the
    caller composes several drafts (read once for all of them); else the case is read through letter_case_for."""
    today = today or clock.today()
    edit = edit if edit is not None else letter_edit_for(case, kind, target)
    evidence = list(evidence_for_case(case=case))
    return compose(
        case_file if case_file is not None else letter_case_for(case, today=today), kind, today=today, target=target,
        inputs=edit.inputs if edit else {}, demands=edit.demands if edit else None,
        narrative=edit.narrative if edit else "", evidence_lines=evidence_lines_for(evidence) or None,
        evidence_list=rows_from_evidence(evidence),
    )


def letters_for_case(case: Case):
    return Letter.objects.filter(case=case).order_by("-created_at", "-id")


def mailed_letters_for_case(case: Case):
    """Letters with a recorded mailing, newest first, with only what the case pages (the borrower's hub, staff's case
    page) show of them: their addressee, tracking number and reply."""
    return Letter.objects.filter(case=case, mailed_on__isnull=False).order_by("-mailed_on", "-id").only(
        "id", "case_id", "title", "addressee", "mailed_on", "mail_method", "tracking_number", "replied_on", "reply_result",
        "reply_summary")


@dataclass(frozen=True)
class PlannedLetter:
    plan: ApplicableLetter  # kind, target and the plan's status of its action
    draft: LetterDraft  # as it would be generated now (its `missing` facts, if any)
    label: str  # its name on the borrower's pages, in the page's language


def planned_letters(case: Case) -> list[PlannedLetter]:
    """The letters the case's plan calls for, in the plan's order, each drafted as it would be generated now: the
    letters list and the batch of all letters (complaints.services.letter_bundle). The case is read once for every
    draft (letter_case_for)."""
    letters = letter_case_for(case)
    return [PlannedLetter(plan=item, draft=draft_for(case, item.kind, item.target, case_file=letters),
                          label=letter_label(item.kind, item.target, letters.file))
            for item in applicable_letters(letters.file, letters)]
