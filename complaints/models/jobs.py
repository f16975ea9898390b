from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.accounts import Clinic
from complaints.models.cases import Case


class Job(models.Model):
    """One piece of background work someone started (complaints.tasks runs it), and what its page shows them:
    how far it got, and its outcome or why it failed. Seen only by the person who started it."""

    class Kind(models.TextChoices):
        SMS_IMPORT = "sms_import", _("导入短信备份")
        MAILING_PDF = "mailing_pdf", _("合并打印文书和信封")
        LETTER_BUNDLE = "letter_bundle", _("一次生成全部文书")
        CASES_LETTERS = "cases_letters", _("为所选案件生成文书")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队等待")
        RUNNING = "running", _("正在处理")
        DONE = "done", _("已完成")
        FAILED = "failed", _("没有完成")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What the work needs (ids, a stored file's name and hash), and what it produced (counts, a stored file).
    arguments = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    # Progress: `done` of `total` steps; attempts so far (a failure is retried, complaints.tasks.MAX_ATTEMPTS).
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=1)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why it failed, in words for the person who started it (never an exception's text).
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.pk}: {self.status} {self.done}/{self.total}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else min(99, self.done * 100 // max(self.total, 1))
