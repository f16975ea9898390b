"""Print the outcomes (complaints.outcomes): counts only, groups under five cases left out."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from complaints.models import Clinic
from complaints.selectors.outcomes import outcomes_for


class Command(BaseCommand):
    help = ("Of the cases whose first letter went out at least 30 days ago, the share reported stopped within 30 days "
            "(overall, by first step, lender kind and collector), the medians, and the cases that never answered a check-in.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument("--clinic", type=int, help="Only the cases shared with this clinic (id).")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Count as of this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        clinic_ids = None
        if options["clinic"] is not None:
            if not Clinic.objects.filter(pk=options["clinic"]).exists():
                raise CommandError(f"no clinic with id {options['clinic']}")
            clinic_ids = [options["clinic"]]
        summary = outcomes_for(clinic_ids=clinic_ids, today=options["today"])
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        overall = summary["overall"]
        self.stdout.write(f"cases counted (first letter on or before {summary['letters_sent_before']}): {summary['cases_counted']}")
        if overall["share"] is None:
            self.stdout.write(f"stopped within {summary['window_days']} days: not shown (fewer than {summary['min_group']} cases)")
        else:
            self.stdout.write(f"stopped within {summary['window_days']} days: {overall['stopped']} ({overall['share']:.0%})")
        self.stdout.write(f"never answered a check-in: {summary['never_answered']}")
        for name in ("median_days_question_to_letter", "median_days_letter_to_stopped"):
            median = summary[name]
            self.stdout.write(f"{name}: {median['days'] if median['days'] is not None else 'not shown'} ({median['cases']} cases)")
        for grouping, data in summary["groups"].items():
            self.stdout.write(f"by {grouping}:")
            for row in data["rows"]:
                self.stdout.write(f"  {row['key'] or '-'}: {row['stopped']}/{row['cases']} ({row['share']:.0%})")
            if data["hidden_groups"]:
                self.stdout.write(f"  ({data['hidden_groups']} smaller groups, {data['hidden_cases']} cases, not shown)")
