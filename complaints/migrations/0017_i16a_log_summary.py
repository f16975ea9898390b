"""Case.log_summary: what the confirmed log shows, stored when the log changes; filled here for existing cases."""

from django.db import migrations, models

import complaints.models.cases
from guidance.analysis import analyse_log, analysis_to_json


def fill_summaries(apps, schema_editor):
    Case = apps.get_model("complaints", "Case")
    LogEntry = apps.get_model("complaints", "LogEntry")
    # One case at a time, in id order, so memory stays flat however many cases and entries there are.
    for case_id in Case.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000):
        entries = LogEntry.objects.filter(case_id=case_id, pending_review=False).only("at", "channel", "from_number", "target")
        Case.objects.filter(pk=case_id).update(log_summary=analysis_to_json(analyse_log(entries)))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0016_i17a_screenshot_proposals")]

    operations = [
        migrations.AddField(model_name="case", name="log_summary", field=models.JSONField(blank=True, default=complaints.models.cases.empty_log_summary)),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
    ]
