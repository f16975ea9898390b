"""Delete django-axes' rows older than LOGIN_RECORDS_KEEP (complaints.login_guard.login_records_purge); run hourly."""

from django.core.management.base import BaseCommand

from complaints.login_guard import login_records_purge


class Command(BaseCommand):
    help = "Delete failed log-in attempts and axes' logs (log-in names, client addresses) older than LOGIN_RECORDS_KEEP."

    def handle(self, *args, **options):
        removed = login_records_purge()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in removed.items()))
