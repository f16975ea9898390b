import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.accounts import Clinic
from guidance import vocabulary
from guidance.analysis import LogAnalysis, analysis_to_json

# Case numbers people read out on the phone: no 0/O, 1/I/L.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def empty_log_summary() -> dict:
    """A new case's Case.log_summary: its log is empty, and reading that needs no query. complaints.services.log
    writes the whole summary (with the letters' part) at the log's first change."""
    return analysis_to_json(LogAnalysis())


def new_reference() -> str:
    return "ZR-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


class Case(models.Model):
    """One borrower's harassment case.

    `data` holds the case file of ../shared/spec/facts.md (`zhirao-case/1`) except `log`, which lives
    in LogEntry rows. The columns after it are copies of what staff filter, sort and search on, kept
    in step with `data` by the services that write it; never edit them on their own.
    """

    class Status(models.TextChoices):
        NEW = "new", _("新案件")
        TRIAGED = "triaged", _("已分诊")
        IN_PROGRESS = "in_progress", _("处理中")
        WAITING = "waiting", _("等待答复")
        CLOSED = "closed", _("已结案")

    reference = models.CharField(_("案件编号"), max_length=16, unique=True, default=new_reference, editable=False)
    # Null only while a clinic holds a walk-in client's case that the client has not yet claimed.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cases")
    data = models.JSONField(_("案件信息"), default=dict)
    tree_version = models.CharField(_("问答版本"), max_length=40, blank=True)

    borrower_name = models.CharField(max_length=100, blank=True, db_index=True)
    # As the case file stores it (E.164 for a mainland mobile), so staff find a client who calls back by number.
    borrower_phone = models.CharField(max_length=32, blank=True, db_index=True)
    lender_name = models.CharField(max_length=200, blank=True, db_index=True)
    lender_kind = models.CharField(max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases")
    priority = models.PositiveSmallIntegerField(_("优先级"), default=0, db_index=True)
    priority_reason = models.CharField(_("优先原因"), max_length=300, blank=True)
    next_deadline = models.DateField(_("下一个期限"), null=True, blank=True, db_index=True)
    # The day the check-in question about the steps taken comes due (complaints.check_ins); kept by case_refresh_priority.
    check_in_due_on = models.DateField(_("回访日期"), null=True, blank=True, db_index=True)

    # The last time the log was carried into `data` (complaints.services.log): {"stated": …, "merged": …}, each with
    # `harassment` and collector `numbers`, so what only the log added can go again when the log stops showing it.
    log_merge = models.JSONField(default=dict, blank=True)
    # What the confirmed log shows (guidance.analysis.analysis_to_json: counts per day, per number, channels, targets…),
    # written by complaints.services.log whenever the log changes, so pages and plans never analyse the whole log.
    log_summary = models.JSONField(default=empty_log_summary, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The staff queue's sort order, so a page of the queue reads an index range instead of sorting every case.
            models.Index(fields=["-priority", "next_deadline", "-id"], name="case_queue_order"),
            # The queue filtered by status, in the same order (and counted from the index alone: the id is in it).
            models.Index(fields=["status", "-priority", "next_deadline", "-id"], name="case_queue_by_status"),
            # The deadlines page's groups in their order, and the queue's deadline filters counted from the index alone.
            models.Index(fields=["next_deadline", "-priority", "id"], name="case_deadline_order"),
            # Check-ins due on the deadlines page (open cases only), the longest waiting first.
            models.Index(fields=["check_in_due_on", "-priority", "id"], condition=~models.Q(status="closed"), name="case_check_in_open"),
        ]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")

    def __str__(self):
        return self.reference


class CaseShare(models.Model):
    """The borrower's explicit consent to let one clinic see and work the case; withdrawn, it ends access."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="shares")
    consented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    consent_text = models.TextField(_("同意的内容"))
    consented_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # A second, separate consent: to be named (name, phone, the harassment counted) in the clinic's joint complaint
    # against a collector number or a lender, which goes to third parties (regulators, the carrier, the police).
    # Sharing alone never implies it. Given again after a withdrawal, it replaces these four; the audit log keeps each one.
    joint_consented_at = models.DateTimeField(null=True, blank=True)
    joint_consented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    joint_consent_text = models.TextField(_("同意纳入联合投诉的内容"), blank=True)
    joint_withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "clinic"], condition=models.Q(withdrawn_at__isnull=True), name="one_active_share_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(joint_withdrawn_at__isnull=True) | models.Q(joint_consented_at__isnull=False),
                name="joint_withdrawal_needs_consent",
            ),
        ]
        # A clinic's queue starts from its active shares.
        indexes = [models.Index(fields=["clinic", "case"], condition=models.Q(withdrawn_at__isnull=True), name="caseshare_active_clinic")]

    def __str__(self):
        return f"{self.case} → {self.clinic}"

    @property
    def joint_consent_active(self) -> bool:
        """The share is active and its joint-complaint consent was given and not withdrawn."""
        return self.withdrawn_at is None and self.joint_consented_at is not None and self.joint_withdrawn_at is None


class CaseNumber(models.Model):
    """A phone number that contacted the borrower, normalised, so staff can find it across cases."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="numbers")
    number = models.CharField(_("号码"), max_length=32, db_index=True)  # E.164, or the digits of a port/short code
    kind = models.CharField(max_length=20, blank=True)  # guidance.phones kinds: mobile, virtual_mobile, sms_port …
    carrier = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_row_per_case_number")]

    def __str__(self):
        return self.number


class SharedNumber(models.Model):
    """A collector number of a case as one clinic sees it: one row per active share and CaseNumber.

    It copies the clinic, the number, the case and its owner, so that "this number also harassed N other
    clients" is counted from one index instead of joining numbers, cases and shares for thousands of cases.
    Kept in step by complaints.services.numbers.shared_numbers_sync; deleting a share or a number deletes
    its rows, and deleting a case deletes both.
    """

    share = models.ForeignKey(CaseShare, on_delete=models.CASCADE, related_name="+")
    case_number = models.ForeignKey(CaseNumber, on_delete=models.CASCADE, related_name="+")
    # Copies: removed with the share or the number above, so no database constraint of their own.
    clinic = models.ForeignKey(Clinic, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    number = models.CharField(max_length=32)
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                              db_index=False, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["share", "case_number"], name="one_row_per_share_number")]
        # Everything the counts read, so they never visit the table.
        indexes = [models.Index(fields=["number", "clinic", "owner", "case"], name="sharednumber_counts")]

    def __str__(self):
        return f"{self.number} @ clinic {self.clinic_id}"


class LogEntry(models.Model):
    """One contact by the collector, as facts.md's `log` item."""

    # facts.md's channels and targets with guidance.vocabulary's labels (LogEntry.Channel.SMS, LogEntry.Target.SELF …).
    Channel = models.TextChoices("Channel", [(value.upper(), (value, label)) for value, label in vocabulary.choices("CHANNELS", hint=False)])
    Target = models.TextChoices("Target", [(value.upper(), (value, label)) for value, label in vocabulary.choices("TARGETS", hint=False)])

    class Source(models.TextChoices):
        MANUAL = "manual", _("手动记录")
        SMS_EXPORT = "sms_export", _("短信导出")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="log_entries")
    at = models.DateTimeField(_("时间"), db_index=True)
    channel = models.CharField(_("方式"), max_length=30, choices=Channel.choices)
    from_number = models.CharField(_("来电/来信号码"), max_length=32, blank=True, db_index=True)
    target = models.CharField(_("被联系的人"), max_length=30, choices=Target.choices, default=Target.SELF)
    text = models.TextField(_("内容"), blank=True)
    evidence = models.ManyToManyField("complaints.Evidence", blank=True, related_name="log_entries")
    # Imported from an SMS export and not yet confirmed by the borrower: not part of the case file until then.
    pending_review = models.BooleanField(default=False)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    # Fingerprint of an imported message (time, sender, text): importing the same export twice adds nothing.
    import_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["at", "id"]
        # every plan counts a case's confirmed entries (evidence_held), from this index alone
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["case", "pending_review"], name="logentry_case_pending")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.from_number}"
