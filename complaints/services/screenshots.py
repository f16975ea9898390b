"""Messages read from uploaded screenshots: queue the reading, store what it proposes, and the borrower's decision
on each proposal. Nothing read enters the log until the borrower confirms it; the screenshot's file and hash are
only read. Every function here is atomic and audited; audit rows hold counts, ids and statuses, never the text
or the numbers read.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from complaints import ocr
from complaints.models import Evidence, ScreenshotProposal, ScreenshotReading
from complaints.services.audit import audit_record
from complaints.services.cases import case_section_update
from complaints.services.evidence import EvidenceIntegrityError, evidence_open_verified
from complaints.services.log import log_entry_create
from guidance import clock, keywords

logger = logging.getLogger(__name__)


def screenshot_reading_wanted(evidence: Evidence) -> bool:
    """Whether an upload is read: OCR is switched on (ZHIRAO_OCR) and the file is an image."""
    return settings.OCR_ENABLED and evidence.kind == Evidence.Kind.IMAGE


@transaction.atomic
def screenshot_reading_queue(*, actor, evidence: Evidence) -> ScreenshotReading:
    """Record that a screenshot waits to be read and hand it to the background task (run at once, in this
    request, by the immediate backend; by `manage.py db_worker` with the database one). Idempotent: a
    screenshot already queued or read is not queued again. Atomic, audited."""
    reading, created = ScreenshotReading.objects.get_or_create(evidence=evidence)
    if not created:
        return reading
    audit_record(actor=actor, action="screenshot.read_queued", subject=evidence, case_id=evidence.case_id)
    from complaints.tasks import screenshot_read

    # After the commit: a worker must find the row, and an immediate run its own transaction.
    transaction.on_commit(lambda: screenshot_read.enqueue(evidence.pk))
    return reading


def _finish(reading: ScreenshotReading, status: str, *, version: str = "") -> ScreenshotReading:
    reading.status, reading.keywords_version, reading.finished_at = status, version, timezone.now()
    reading.save(update_fields=["status", "keywords_version", "finished_at"])
    return reading


def screenshot_read_store(*, evidence_id: int) -> ScreenshotReading | None:
    """Read a queued screenshot and store one pending proposal per received message (the background task's work).

    The file is opened through evidence_open_verified, so a file whose bytes no longer match its hash is never
    read. Reading a screenshot twice stores nothing twice. The OCR runs outside any transaction; the proposals and
    the audit row are written in one. Audited as `screenshot.read` with the number of proposals."""
    reading = ScreenshotReading.objects.select_related("evidence").filter(evidence_id=evidence_id).first()
    if reading is None or reading.status != ScreenshotReading.Status.QUEUED:
        return reading
    evidence = reading.evidence
    try:
        with evidence_open_verified(actor=None, evidence=evidence, purpose="read_for_ocr") as stored:
            data = stored.read()
        screen = ocr.read(data, filename=evidence.original_name, uploaded_on=clock.local(evidence.received_at).date())
    except (EvidenceIntegrityError, ocr.ScreenshotUnreadable) as error:
        logger.warning("screenshot %s not read: %s", evidence.pk, type(error).__name__)
        with transaction.atomic():
            audit_record(actor=None, action="screenshot.read", subject=evidence, case_id=evidence.case_id,
                         new={"status": ScreenshotReading.Status.FAILED})
            return _finish(reading, ScreenshotReading.Status.FAILED)
    version = "/".join(keywords.CURRENT)
    with transaction.atomic():
        ScreenshotProposal.objects.bulk_create([
            ScreenshotProposal(
                case_id=evidence.case_id, evidence=evidence, position=position,
                crop_left=proposal.box[0], crop_top=proposal.box[1], crop_right=proposal.box[2], crop_bottom=proposal.box[3],
                at=proposal.at, time_text=proposal.time_text[:60], from_number=proposal.from_number[:32],
                channel=proposal.channel, text=proposal.text, content=list(proposal.content),
            )
            for position, proposal in enumerate(screen.proposals)
        ], ignore_conflicts=True)
        audit_record(actor=None, action="screenshot.read", subject=evidence, case_id=evidence.case_id,
                     new={"status": ScreenshotReading.Status.DONE, "proposals": len(screen.proposals), "keywords": version})
        return _finish(reading, ScreenshotReading.Status.DONE, version=version)


def _pending(proposal: ScreenshotProposal) -> ScreenshotProposal:
    locked = ScreenshotProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ScreenshotProposal.Status.PENDING:
        raise ProposalDecided(locked)
    return locked


class ProposalDecided(Exception):
    """The proposal was already confirmed or discarded (a second click, another tab)."""

    def __init__(self, proposal: ScreenshotProposal):
        super().__init__(f"proposal {proposal.pk} is {proposal.status}")
        self.proposal = proposal


@transaction.atomic
def screenshot_proposal_confirm(*, actor, proposal: ScreenshotProposal, at, channel: str, from_number: str,
                                target: str, text: str, content: list[str]):
    """Put a proposal into the log as the borrower confirmed it (as read or edited), linked to its screenshot,
    through log_entry_create (audited as a new entry). The content categories she kept are added to the case
    file's `harassment.content` (what she states; never removed here). Atomic, audited; raises ProposalDecided
    when the proposal was already decided."""
    proposal = _pending(proposal)
    case = proposal.case
    entry = log_entry_create(actor=actor, case=case, at=at, channel=channel, from_number=from_number, target=target,
                             text=text, evidence=[proposal.evidence])
    case.refresh_from_db()
    harassment = dict(case.data.get("harassment") or {})
    stated = list(harassment.get("content") or [])
    added = [value for value in content if value not in stated]
    if added:
        case_section_update(case=case, section="harassment", value={**harassment, "content": stated + added}, actor=actor)
    proposal.status, proposal.log_entry, proposal.decided_at = ScreenshotProposal.Status.CONFIRMED, entry, timezone.now()
    proposal.save(update_fields=["status", "log_entry", "decided_at"])
    edited = sorted(name for name, value in (("at", at), ("channel", channel), ("from_number", from_number), ("text", text))
                    if getattr(proposal, name) != value)
    audit_record(actor=actor, action="screenshot_proposal.confirmed", subject=proposal, case_id=case.pk,
                 new={"log_entry": entry.pk, "edited": edited, "content_added": added})
    return entry


@transaction.atomic
def screenshot_proposal_discard(*, actor, proposal: ScreenshotProposal) -> None:
    """Set a proposal aside: nothing enters the log. Atomic, audited; raises ProposalDecided when already decided."""
    proposal = _pending(proposal)
    proposal.status, proposal.decided_at = ScreenshotProposal.Status.DISCARDED, timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    audit_record(actor=actor, action="screenshot_proposal.discarded", subject=proposal, case_id=proposal.case_id)
