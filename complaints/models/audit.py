from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One row per change or sensitive read: who, what, when, the old and the new value.

    Rows are only ever inserted (see complaints.services.audit); nobody edits them, and they
    outlive the case they describe, so they must not hold the borrower's personal data once
    the case is deleted: `subject_id` is kept, the case itself is not.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64, db_index=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.subject_type}#{self.subject_id}"
