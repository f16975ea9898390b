from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.cases import Case, LogEntry
from complaints.models.evidence import Evidence


class ScreenshotReading(models.Model):
    """The OCR reading of one uploaded screenshot (complaints.tasks.screenshot_read): queued, then done or failed.
    The evidence file itself is only read, never changed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("正在读取")
        DONE = "done", _("已读取")
        FAILED = "failed", _("无法读取")

    evidence = models.OneToOneField(Evidence, on_delete=models.CASCADE, related_name="screenshot_reading")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The reviewed keyword list (guidance/keywords) whose flags the proposals carry, e.g. "content/2026-12".
    keywords_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.evidence_id} {self.status}"


class ScreenshotProposal(models.Model):
    """One received message read from a screenshot, proposed as a log entry. It enters the log only when the
    borrower confirms it (as read or edited); `log_entry` is then the entry it became."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISCARDED = "discarded", _("已丢弃")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenshot_proposals")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="screenshot_proposals")
    position = models.PositiveSmallIntegerField()  # top to bottom on the screenshot
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    # Where the message is on the stored file, in its pixels: the crop shown beside the proposal.
    crop_left = models.PositiveIntegerField()
    crop_top = models.PositiveIntegerField()
    crop_right = models.PositiveIntegerField()
    crop_bottom = models.PositiveIntegerField()
    # As read: the moment (null when the screenshot shows none), the phone's own words for it, the sender.
    at = models.DateTimeField(null=True, blank=True)
    time_text = models.CharField(max_length=60, blank=True)
    from_number = models.CharField(max_length=32, blank=True)
    channel = models.CharField(max_length=30, choices=LogEntry.Channel.choices, default=LogEntry.Channel.SMS)
    text = models.TextField(blank=True)
    content = models.JSONField(default=list, blank=True)  # facts.md harassment.content values the keywords flagged
    log_entry = models.OneToOneField(LogEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="screenshot_proposal")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["evidence_id", "position"]
        constraints = [models.UniqueConstraint(fields=["evidence", "position"], name="one_proposal_per_place")]

    def __str__(self):
        return f"{self.evidence_id}#{self.position} {self.status}"

    @property
    def crop_box(self) -> tuple[int, int, int, int]:
        return (self.crop_left, self.crop_top, self.crop_right, self.crop_bottom)
