from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.cases import Case


class CheckIn(models.Model):
    """One answer to the check-in question about one step taken ("since you sent it, has the harassment stopped,
    gone on, or got worse?"): the history the outcomes count from. One answer covering several steps is one row
    per step, all with the same `answered_on`. The step's result in the case file's steps_taken says the same
    (complaints.services.check_ins writes both in one transaction)."""

    class Answer(models.TextChoices):
        STOPPED = "stopped", _("骚扰停止了")
        CONTINUED = "continued", _("还在继续")
        WORSE = "worse", _("更严重了")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="check_ins")
    # The step answered about: steps_taken[].action, .on and .target ('' when the step has none).
    action = models.CharField(max_length=40)
    step_on = models.DateField()
    target = models.CharField(max_length=100, blank=True)
    answer = models.CharField(_("回答"), max_length=20, choices=Answer.choices)
    answered_on = models.DateField(_("回答日期"), db_index=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Recorded by clinic staff (from a phone call with the borrower) rather than by the borrower.
    by_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "id"]
        indexes = [models.Index(fields=["case", "answered_on"], name="checkin_case_answered")]

    def __str__(self):
        return f"{self.case_id} {self.action} {self.step_on}: {self.answer}"
