"""What clinic staff add to a case: notes, and the claim code that hands a walk-in client's case over."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.cases import Case


class CaseNote(models.Model):
    """A staff member's note on a case. Notes are only ever added: there is no edit or delete path."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("备注"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="casenote_case_created")]
        verbose_name = _("案件备注")
        verbose_name_plural = _("案件备注")

    def __str__(self):
        return f"{self.case} {self.created_at:%Y-%m-%d %H:%M}"


class ClaimCode(models.Model):
    """A one-time code a walk-in client enters in their own account to take over the case staff opened.

    Only a keyed hash of the code is stored (see complaints.services.staff), so reading the
    table does not let anyone claim a case.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claim_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return f"claim code for {self.case}"
