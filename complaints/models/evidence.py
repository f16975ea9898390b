from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.cases import Case


class Evidence(models.Model):
    """One uploaded file. The bytes live in storage under `storage_name`, which reveals nothing;
    `sha256` was computed while the upload streamed in and is checked again on every download."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("截图/照片")
        AUDIO = "audio", _("录音")
        VIDEO = "video", _("录屏/视频")
        PDF = "pdf", _("PDF 文件")
        SMS_EXPORT = "sms_export", _("短信导出")
        TEXT = "text", _("文本")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(_("原文件名"), max_length=255)
    storage_name = models.CharField(max_length=255, unique=True)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    proves = models.CharField(_("证明内容"), max_length=300, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="one_copy_per_case")]
        verbose_name = _("证据")
        verbose_name_plural = _("证据")

    def __str__(self):
        return f"{self.original_name} ({self.sha256[:12]}…)"
