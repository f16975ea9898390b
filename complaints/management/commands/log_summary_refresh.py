"""Store the log summary (Case.log_summary) again for cases whose log may have changed behind it:
`manage.py log_summary_refresh --since 2026-12-06T10:00` or `--all`.

Every write to the log through the services keeps the summary current. During a rolling deploy that introduces or
changes the summary, though, the previous release still writes entries without it; once the last old server is gone,
run this with --since the time the deploy started (docs/DEPLOY.md). Cases go one at a time, each in its own
transaction, so nothing stays locked.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware

from complaints.models import Case
from complaints.services.log import case_log_summary_store


class Command(BaseCommand):
    help = "Recompute the stored log summary of cases whose log or case changed since --since (or of every case with --all)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--since", help="ISO date and time (Beijing time unless it names its offset)")
        group.add_argument("--all", action="store_true")

    def handle(self, *args, since, all, **options):
        cases = Case.objects.all()
        if not all:
            moment = parse_datetime(since)
            if moment is None:
                raise CommandError(f"--since: not a date and time: {since!r} (example: 2026-12-06T10:00)")
            if is_naive(moment):
                moment = make_aware(moment, get_current_timezone())
            # A deleted entry leaves no row behind, but deleting it touched its case.
            cases = cases.filter(Q(updated_at__gte=moment) | Q(log_entries__updated_at__gte=moment)).distinct()
        count = 0
        for case in cases.only("pk").order_by("pk").iterator(chunk_size=500):
            case_log_summary_store(case=case)
            count += 1
        self.stdout.write(f"Refreshed the log summary of {count} cases.")
