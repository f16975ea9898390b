"""Case.log_summary gains the letters' part (complaints.letters.facts.letter_facts_json): filled here for every case
with a log, so its letters stop reading the whole log (a summary without it is not trusted: the letters of a case
without a log read its empty log instead). And LogEntry gets the index that counts a case's confirmed entries.

Not atomic, and the index is built CONCURRENTLY on PostgreSQL: the log table is the biggest (millions of rows), and
the version still serving keeps writing to it meanwhile."""

from importlib import import_module

from django.db import migrations, models

from complaints.letters.facts import log_summary_json
from complaints.selectors.case_file import log_item

# The staff pages' migration defines the operation (CONCURRENTLY on PostgreSQL, plain elsewhere); one definition.
AddIndexConcurrentlyOnPostgres = import_module("complaints.migrations.0020_staff_counts_and_indexes").AddIndexConcurrentlyOnPostgres


def fill_letter_facts(apps, schema_editor):
    Case = apps.get_model("complaints", "Case")
    LogEntry = apps.get_model("complaints", "LogEntry")
    # One case at a time, in id order, so memory stays flat and no lock is held long however many cases there are.
    with_log = LogEntry.objects.filter(pending_review=False).order_by("case_id").values_list("case_id", flat=True).distinct()
    for case_id in with_log.iterator(chunk_size=2000):
        entries = LogEntry.objects.filter(case_id=case_id, pending_review=False).order_by("at", "id").values_list(
            "at", "channel", "target", "from_number", "text")
        log = [log_item(at=at, channel=channel, target=target, from_number=from_number, text=text)
               for at, channel, target, from_number, text in entries]
        Case.objects.filter(pk=case_id).update(log_summary=log_summary_json(log))


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0020_staff_counts_and_indexes")]

    operations = [
        AddIndexConcurrentlyOnPostgres(model_name="logentry",
                                       index=models.Index(fields=["case", "pending_review"], name="logentry_case_pending")),
        migrations.RunPython(fill_letter_facts, migrations.RunPython.noop),
    ]
