"""Recompute the triage fields of open cases whose deadline has come close or passed: `manage.py triage_refresh`.

A deadline raises a case's priority as it approaches, which no write to the case announces; run this once a
day (cron or the task runner) so the queue's order follows the calendar. `--all` recomputes every open case.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from complaints.models import Case
from complaints.services.triage import case_refresh_priority
from complaints.triage import DEADLINE_SOON_DAYS
from guidance import clock


class Command(BaseCommand):
    help = "Recompute priority, reason and next deadline of open cases whose deadline is near or past (--all: every open case)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true")

    def handle(self, *args, all, **options):
        today = clock.today()
        cases = Case.objects.exclude(status=Case.Status.CLOSED)
        if not all:
            cases = cases.filter(next_deadline__lte=today + dt.timedelta(days=DEADLINE_SOON_DAYS))
        count = 0
        for case in cases.iterator(chunk_size=500):
            case_refresh_priority(case=case, today=today)
            count += 1
        self.stdout.write(f"Refreshed {count} cases.")
