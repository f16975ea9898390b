"""Seal every evidence file and letter again under the first of ZHIRAO_ENCRYPTION_KEYS (complaints.storage_crypto)."""

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from complaints.models import Evidence, Letter, ThirdPartyUpload
from complaints.storage_crypto import EncryptedStorage


class Command(BaseCommand):
    help = ("Re-encrypt every stored evidence file and letter with the first key of ZHIRAO_ENCRYPTION_KEYS "
            "(after adding a new key first, before removing an old one; also encrypts files stored before encryption).")

    def handle(self, *args, **options):
        storage = storages["default"]
        if not isinstance(storage, EncryptedStorage):
            raise CommandError("ZHIRAO_ENCRYPTION_KEYS is not set: storage is not encrypted")
        names = [*Evidence.objects.values_list("storage_name", flat=True),
                 *ThirdPartyUpload.objects.exclude(storage_name="").values_list("storage_name", flat=True),
                 *Letter.objects.values_list("pdf_storage_name", flat=True)]
        for name in names:
            storage.reencrypt(name)
        self.stdout.write(f"{len(names)} files sealed with key {storage.keys[0][0]!r}")
