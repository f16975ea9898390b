"""Count the collectors again from the cases: `manage.py collector_counts_rebuild [--online]`.

The collector counts (complaints.models.collectors) are kept in step by every write through complaints.services.
After a deploy whose migration added them while the old version still served (it wrote cases without counting
them), run it with `--online`: case after case is brought in step in short transactions, as a writer would, and
nobody waits for more than one batch. Without `--online` everything is recounted from scratch under a lock on the
two count tables, which mends rows or counts changed by hand (and the cross-clinic counts of a clinic deleted in
/admin/); writers that change a case's numbers, lender or shares wait while it runs (30-90 s at 100,000 cases, by
machine load), and the staff pages go on reading the old counts until it commits.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from complaints.services.collector_counts import (
    collector_counts_catch_up,
    collector_counts_rebuild,
    collector_tables_lock,
)


class Command(BaseCommand):
    help = "Rebuild the stored collector counts (by number and by lender, per clinic and across clinics) from the cases."

    def add_arguments(self, parser):
        parser.add_argument("--online", action="store_true",
                            help="catch up case by case in short transactions, without locking the tables (after a deploy)")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["online"]:
            checked = collector_counts_catch_up()
            self.stdout.write(f"Brought {checked} cases' collector counts in step in {time.monotonic() - started:.1f} s.")
            return
        with transaction.atomic():
            collector_tables_lock()
            counts = collector_counts_rebuild()
        self.stdout.write(f"Rebuilt {counts} collector counts in {time.monotonic() - started:.1f} s.")
