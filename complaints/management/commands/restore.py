"""Restore a backup into an empty, migrated database and an empty storage, checking every hash."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaints.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Load DIR (written by `backup`; decrypted with ZHIRAO_BACKUP_KEYS) into this empty database and storage; "
            "verifies every evidence and letter SHA-256.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help="the backup directory")

    def handle(self, *args, source, **options):
        try:
            report = backup_restore(source)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {report.files} files; SHA-256 verified for {report.evidence_checked} evidence files "
                          f"and {report.letters_checked} letters")
