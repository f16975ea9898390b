"""Case.log_summary: what the confirmed log shows, stored when the log changes; filled here for existing cases.

Not atomic, so that it can run while the previous release serves (docs/DEPLOY.md): the column is added in a
transaction of its own (a moment's lock on the cases table), then the summaries are filled a batch of cases per
transaction, so no case stays locked for longer than its batch. Entries the old release writes meanwhile are
caught by `manage.py log_summary_refresh --since`, run once the old release is gone.
"""

from django.db import migrations, models, transaction

import complaints.models.cases
from guidance.analysis import analyse_log, analysis_to_json

BATCH = 200


def fill_summaries(apps, schema_editor):
    Case = apps.get_model("complaints", "Case")
    LogEntry = apps.get_model("complaints", "LogEntry")
    last = 0
    while True:
        batch = list(Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not batch:
            return
        with transaction.atomic():
            for case_id in batch:
                entries = LogEntry.objects.filter(case_id=case_id, pending_review=False).only("at", "channel", "from_number", "target")
                Case.objects.filter(pk=case_id).update(log_summary=analysis_to_json(analyse_log(entries)))
        last = batch[-1]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0016_i17a_screenshot_proposals")]

    operations = [
        migrations.AddField(model_name="case", name="log_summary", field=models.JSONField(blank=True, default=complaints.models.cases.empty_log_summary)),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
    ]
