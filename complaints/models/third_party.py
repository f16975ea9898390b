import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models.cases import Case
from complaints.models.evidence import Evidence
from guidance import vocabulary


class EvidenceLink(models.Model):
    """A link a borrower gives someone who received the collectors' messages, so they can upload theirs to her case.

    Upload-only and for this one case. Only the SHA-256 of the link's secret is kept (complaints.services.third_party
    makes it and shows it once); the link works until `expires_at` or until it is withdrawn, and takes at most
    `max_files` files and `max_bytes` bytes in all (counted in `files_received` and `bytes_received`).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_links")
    token_hash = models.CharField(max_length=64, unique=True)
    # The borrower's own reminder of whom she gave it to ("给妈妈"); shown to her, never on the link's page.
    label = models.CharField(_("备注"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    max_files = models.PositiveIntegerField()
    max_bytes = models.PositiveBigIntegerField()
    # Everything the link ever took in, rejected files too: the bounds hold however the borrower sorts them.
    files_received = models.PositiveIntegerField(default=0)
    bytes_received = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"link {self.pk} of case {self.case_id}"

    @staticmethod
    def token_digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at


class ThirdPartyUploadQuerySet(models.QuerySet):
    def waiting(self):
        """Uploads waiting for the borrower to accept or refuse them (ThirdPartyUpload.WAITING_SQL in written SQL)."""
        return self.filter(evidence__isnull=True)


class ThirdPartyUpload(models.Model):
    """One file a third party uploaded through an EvidenceLink, with who they said they are and the consent they gave.

    While it waits for the borrower (`evidence` empty) the file is in storage under `storage_name`, checked and
    hashed exactly as her own uploads are, and counts against the case's room. Accepted, it becomes an Evidence row
    that takes over the stored file (`storage_name` emptied) and this row stays as where the evidence came from;
    rejected, the row and the file go.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="third_party_uploads")
    # Empty for a file whose provenance came with an evidence ZIP (complaints.services.evidence_archive).
    link = models.ForeignKey(EvidenceLink, null=True, blank=True, on_delete=models.CASCADE, related_name="uploads")
    uploader_name = models.CharField(_("上传人姓名"), max_length=40)
    relation = models.CharField(_("与借款人的关系"), max_length=20,
                                choices=vocabulary.term_choices(vocabulary.THIRD_PARTY_RELATIONS))
    consent_version = models.CharField(max_length=40)
    consented_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20, choices=Evidence.Kind.choices)
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255)
    storage_name = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    evidence = models.OneToOneField(Evidence, null=True, blank=True, on_delete=models.CASCADE, related_name="third_party")

    objects = ThirdPartyUploadQuerySet.as_manager()
    # waiting() for statements written out in SQL (complaints.selectors.sql_names gives the column's quoted name).
    WAITING_SQL = "{evidence} IS NULL"

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="one_third_party_copy_per_case")]

    def __str__(self):
        return f"{self.original_name} ({self.sha256[:12]}…)"
