"""The clinic's collectors counted ahead of time: which cases name a collector (a number or a lender) as each clinic
sees them, and the counts the collectors pages and the staff case page read instead of counting thousands of cases
on every view."""

from django.conf import settings
from django.db import models

from complaints.models.accounts import Clinic
from complaints.models.cases import Case


class CollectorKind(models.TextChoices):
    NUMBER = "number", "number"
    LENDER = "lender", "lender"


class CollectorCase(models.Model):
    """A collector named by a case, as one clinic with an active share of the case sees it: one row per active share
    and collector number (CaseNumber) or lender (Case.lender_name), with the case's owner and whether the client
    agreed to that clinic's joint complaints. What CollectorCount counts: complaints.services.collector_counts keeps
    both in step, in the transaction that changes the case, its numbers, owner, shares or joint consent."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=CollectorKind.choices)
    key = models.CharField(max_length=200)
    # A copy, to count clients: removed with the case, so no database constraint of its own.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    joint = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "clinic", "kind", "key"], name="one_collector_row_per_share")]

    def __str__(self):
        return f"{self.kind} {self.key} @ clinic {self.clinic_id}"


class CollectorCount(models.Model):
    """How many cases name a collector, as one clinic sees them (`clinic` set) or across every clinic (`clinic` empty:
    cases with an active share anywhere, each counted once). `clients`: distinct owners, a walk-in case nobody has
    claimed yet counting as its own client; `consenting`: cases whose client agreed to the clinic's joint complaints
    (clinic rows only). A row whose cases fell to 0 stays (deleting it could race a concurrent increment); reads skip it."""

    clinic = models.ForeignKey(Clinic, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=CollectorKind.choices)
    key = models.CharField(max_length=200)
    cases = models.PositiveIntegerField(default=0)
    clients = models.PositiveIntegerField(default=0)
    consenting = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "kind", "key"], condition=models.Q(clinic__isnull=False), name="one_count_per_clinic_collector"),
            models.UniqueConstraint(fields=["kind", "key"], condition=models.Q(clinic__isnull=True), name="one_count_per_collector"),
        ]
        indexes = [
            # The collectors page's ranking: a clinic's rows of one kind, most cases first, read as an index range.
            models.Index("clinic", "kind", models.F("cases").desc(), "key", name="collectorcount_ranking"),
            # One collector's rows in every scope (a case page's numbers, the rows a write locks).
            models.Index(fields=["kind", "key", "clinic"], name="collectorcount_collector"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} @ clinic {self.clinic_id}: {self.cases}"
