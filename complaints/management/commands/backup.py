"""Back up the database and every stored file into one folder (complaints.services.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaints.services.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write DIR/database.json, DIR/files/ and DIR/manifest.json (each file's SHA-256); DIR must be empty."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="an empty (or new) directory")

    def handle(self, *args, out, **options):
        try:
            manifest = backup_write(out)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{out}: {len(manifest['files'])} files")
        if manifest["mismatched"]:
            raise CommandError(f"copied, but not matching their hashes already: {', '.join(manifest['mismatched'])}")
