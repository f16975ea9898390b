"""Count the collectors again from the cases: `manage.py collector_counts_rebuild`.

The collector counts (complaints.models.collectors) are kept in step by every write through complaints.services;
run this once after a deploy whose migration added them while the old version still served (it wrote cases without
counting them), or after rows were changed by hand. Writers that change a case's numbers, lender or shares wait while
it runs (30-90 s at 100,000 cases, by machine load); the staff pages go on reading the old counts until it commits.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from complaints.services.collector_counts import collector_counts_rebuild, collector_tables_lock


class Command(BaseCommand):
    help = "Rebuild the stored collector counts (by number and by lender, per clinic and across clinics) from the cases."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            collector_tables_lock()
            counts = collector_counts_rebuild()
        self.stdout.write(f"Rebuilt {counts} collector counts in {time.monotonic() - started:.1f} s.")
