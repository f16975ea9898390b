"""Reads of messages read from screenshots: what waits for the borrower's decision, and readings not yet done."""

from django.http import Http404

from complaints.models import Case, ScreenshotProposal, ScreenshotReading


def screenshot_proposals_pending(*, case: Case):
    """The proposals waiting for the borrower, screenshot by screenshot, top to bottom."""
    return (case.screenshot_proposals.filter(status=ScreenshotProposal.Status.PENDING)
            .select_related("evidence").order_by("evidence__received_at", "evidence_id", "position"))


def screenshot_readings_unfinished(*, case: Case):
    """Screenshots still being read, or that could not be read, newest first."""
    return (ScreenshotReading.objects.filter(evidence__case=case)
            .exclude(status=ScreenshotReading.Status.DONE).select_related("evidence").order_by("-created_at"))


def screenshot_proposal_get(*, case: Case, proposal_id: int, evidence_id: int | None = None) -> ScreenshotProposal:
    """One proposal of a case the caller already reached through selectors.access; Http404 otherwise."""
    proposals = case.screenshot_proposals.select_related("evidence", "case")
    if evidence_id is not None:
        proposals = proposals.filter(evidence_id=evidence_id)
    proposal = proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal
