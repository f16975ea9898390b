"""Reads for the letters area. Callers have already passed complaints.selectors.access.case_access."""

import datetime as dt
from dataclasses import dataclass

from django.utils import translation

from complaints.evidence_rows import rows_from_evidence, third_party_words
from complaints.letters import facts as f
from complaints.letters.compose import LetterDraft, compose, letter_case
from complaints.letters.labels import letter_label
from complaints.letters.selection import ApplicableLetter, applicable_letters
from complaints.models import Case, Letter, LetterEdit
from complaints.selectors import evidence_for_case
from complaints.selectors.case_file import case_file_for, log_analysis_for
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


def letter_edit_for(case: Case, kind: str, target: str) -> LetterEdit | None:
    return LetterEdit.objects.filter(case=case, kind=kind, target=target).first()


def draft_for(case: Case, kind: str, target: str, *, today: dt.date | None = None, edit: LetterEdit | None = None,
              case_file: dict | f.LetterCase | None = None) -> LetterDraft:
    """The letter as it would be generated now, with the borrower's saved edits (or `edit`, unsaved). `case_file`:
    the case's case_file_for when the caller read it already (as of `today`), or its compose.letter_case when the
    caller composes several drafts (its log is then analysed once for all of them)."""
    today = today or clock.today()
    edit = edit if edit is not None else letter_edit_for(case, kind, target)
    evidence = list(evidence_for_case(case=case))
    return compose(
        case_file if case_file is not None else case_file_for(case, today=today), kind, today=today, target=target,
        inputs=edit.inputs if edit else {}, demands=edit.demands if edit else None,
        narrative=edit.narrative if edit else "", evidence_lines=evidence_lines_for(evidence) or None,
        evidence_list=rows_from_evidence(evidence),
    )


def letters_for_case(case: Case):
    return Letter.objects.filter(case=case).order_by("-created_at", "-id")


def mailed_letters_for_case(case: Case):
    """Letters with a recorded mailing, newest first: what the case page shows with their tracking numbers."""
    return Letter.objects.filter(case=case, mailed_on__isnull=False).order_by("-mailed_on", "-id")


@dataclass(frozen=True)
class PlannedLetter:
    plan: ApplicableLetter  # kind, target and the plan's status of its action
    draft: LetterDraft  # as it would be generated now (its `missing` facts, if any)
    label: str  # its name on the borrower's pages, in the page's language


def planned_letters(case: Case) -> list[PlannedLetter]:
    """The letters the case's plan calls for, in the plan's order, each drafted as it would be generated now: the
    letters list and the batch of all letters (complaints.services.letter_bundle). The case file is read and its log
    analysed once for every draft: with its log, the case file costs as much as the log is long."""
    case_file = case_file_for(case)
    letters = letter_case(case_file, analysis=log_analysis_for(case))
    return [PlannedLetter(plan=item, draft=draft_for(case, item.kind, item.target, case_file=letters),
                          label=letter_label(item.kind, item.target, case_file))
            for item in applicable_letters(case_file, letters)]
