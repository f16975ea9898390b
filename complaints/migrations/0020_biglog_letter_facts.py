"""Case.log_summary gains the letters' part (complaints.letters.facts.letter_facts_json): filled here for every case
with a log, so its letters stop reading the whole log (a summary without it is not trusted: the letters of a case
without a log read its empty log instead). And LogEntry gets the index that counts a case's confirmed entries.

Not atomic, and the index is built CONCURRENTLY on PostgreSQL: the log table is the biggest (millions of rows), and
the version still serving keeps writing to it meanwhile."""

from django.db import migrations, models

from complaints.letters.facts import log_summary_json
from complaints.selectors.case_file import log_item


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


class AddIndexWithoutLocking(migrations.AddIndex):
    """AddIndex, built CONCURRENTLY on PostgreSQL (writes go on meanwhile); as usual elsewhere (SQLite in tests)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            concurrently = {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
            schema_editor.add_index(model, self.index, **concurrently)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            concurrently = {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
            schema_editor.remove_index(model, self.index, **concurrently)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0019_tasks_letters_bundle")]

    operations = [
        AddIndexWithoutLocking(model_name="logentry",
                               index=models.Index(fields=["case", "pending_review"], name="logentry_case_pending")),
        migrations.RunPython(fill_letter_facts, migrations.RunPython.noop),
    ]
