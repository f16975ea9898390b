"""Delete what is past its retention period (complaints.services.retention); run hourly by a systemd timer or cron."""

from django.core.management.base import BaseCommand

from complaints.tasks import retention_purge_task


class Command(BaseCommand):
    help = ("Delete transient data past its retention period: finished jobs and their files, failed log-in records, "
            "expired sessions, never-accepted third-party uploads of ended links, discarded screenshot readings, "
            "finished task records. Never a borrower's case, evidence, log or letters.")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the purge for a background worker (db_worker) instead of running it here.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = retention_purge_task.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        removed = retention_purge_task.call()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in removed.items()))
