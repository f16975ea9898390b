from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.cases import Case


class LetterEdit(models.Model):
    """The borrower's edits to one letter of a case before it is generated: typed fields, narrative, demands.

    One row per (case, kind, target); `target` names the carrier for per-carrier letters and is '' otherwise.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letter_edits")
    kind = models.CharField(_("文书类型"), max_length=40)
    target = models.CharField(max_length=100, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    narrative = models.TextField(_("补充说明"), blank=True)
    demands = models.JSONField(default=list, blank=True)  # [] = the letter's own demands
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind", "target"], name="one_letter_edit_per_kind_target")]

    def __str__(self):
        return f"{self.case} {self.kind} {self.target}".strip()


class Letter(models.Model):
    """A letter as generated (and possibly sent): the exact HTML, its template version and the PDF's SHA-256.

    Rows are never changed after creation except for the mailing record. Generating again from unchanged data
    finds this row by (case, kind, target, html_sha256, archival) instead of making a second letter.
    """

    class MailMethod(models.TextChoices):
        REGISTERED = "registered", _("挂号信")
        EMS = "ems", _("EMS")

    class ReplyResult(models.TextChoices):
        # facts.md steps_taken[].result for a step that was answered.
        RESOLVED = "resolved", _("问题已解决")
        REFUSED = "refused", _("被拒绝")
        CONTINUED = "continued", _("答复了，但骚扰仍在继续")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=40, db_index=True)
    target = models.CharField(max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=100)
    addressee = models.JSONField(default=dict)  # name, address, postcode: what the envelope prints
    sender = models.JSONField(default=dict)
    template_version = models.CharField(_("模板版本"), max_length=80)
    html = models.TextField()
    html_sha256 = models.CharField(max_length=64)
    archival = models.BooleanField(_("PDF/A-3b"), default=False)
    pdf_sha256 = models.CharField(max_length=64, db_index=True)
    pdf_size = models.PositiveIntegerField()
    pdf_storage_name = models.CharField(max_length=255, unique=True)
    letter_date = models.DateField(_("落款日期"))
    reply_by = models.DateField(_("答复期限"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    mailed_on = models.DateField(_("寄出日期"), null=True, blank=True)
    mail_method = models.CharField(_("邮寄方式"), max_length=20, choices=MailMethod.choices, blank=True)
    tracking_number = models.CharField(_("邮件单号"), max_length=40, blank=True, db_index=True)
    # The answer to a mailed letter; its result is also written to the letter's step in the case file's steps_taken.
    replied_on = models.DateField(_("收到答复的日期"), null=True, blank=True, db_index=True)
    reply_result = models.CharField(_("答复结果"), max_length=20, choices=ReplyResult.choices, blank=True)
    reply_summary = models.CharField(_("答复内容摘要"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "target", "html_sha256", "archival"], name="one_letter_per_rendering"),
        ]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")

    def __str__(self):
        return f"{self.title} ({self.pdf_sha256[:12]}…)"
