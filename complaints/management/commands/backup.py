"""Back up the database and every stored file into one folder (complaints.services.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaints.services.backup import BackupError, backup_write


class Command(BaseCommand):
    help = ("Write DIR/database.json, DIR/files/ and DIR/manifest.json (each file's SHA-256), each encrypted with "
            "the first of ZHIRAO_BACKUP_KEYS (names ending .zre); DIR must be empty.")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="an empty (or new) directory")
        parser.add_argument("--unencrypted", action="store_true",
                            help="write the backup in the clear (every borrower's data readable by whoever holds it)")

    def handle(self, *args, out, unencrypted, **options):
        try:
            manifest = backup_write(out, encrypt=not unencrypted)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        sealed = "encrypted" if manifest["encrypted"] else "NOT encrypted (--unencrypted)"
        self.stdout.write(f"{out}: {len(manifest['files'])} files, {sealed}")
        if manifest["mismatched"]:
            raise CommandError(f"copied, but not matching their hashes already: {', '.join(manifest['mismatched'])}")
