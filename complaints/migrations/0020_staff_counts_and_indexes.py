"""Three indexes of the cases for the staff queue's filters and the deadlines page; the collector counts
(complaints.models.collectors): two new tables, filled from the cases in batches.

Safe while the old version serves: nothing here locks or rewrites an existing table. On PostgreSQL the indexes of the
cases are built CONCURRENTLY (writes go on while they build), which is why the migration is not atomic; the backfill
commits batch by batch, so no case row is held for longer than one batch (the new tables' foreign keys only read the
cases and clinics they point to). Measured on the 100,000-case seed: 32-70 s by machine load, a writer updating and
locking cases meanwhile never waited more than 0.27 s. The old version does not keep the new tables in step: after
the new version is deployed, run `manage.py collector_counts_rebuild` once (docs/DEPLOY.md).
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

from complaints.services.collector_counts import collector_counts_rebuild


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL; a plain CREATE INDEX elsewhere (the embedded SQLite has one writer)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


def backfill(apps, schema_editor):
    collector_counts_rebuild(apps=apps, own_transactions=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('complaints', '0019_tasks_letters_bundle'),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name='case',
            index=models.Index(fields=['status', '-priority', 'next_deadline', '-id'], name='case_queue_by_status'),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name='case',
            index=models.Index(fields=['next_deadline', '-priority', 'id'], name='case_deadline_order'),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name='case',
            index=models.Index(condition=models.Q(('status', 'closed'), _negated=True), fields=['check_in_due_on', '-priority', 'id'], name='case_check_in_open'),
        ),
        migrations.CreateModel(
            name='CollectorCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('number', 'number'), ('lender', 'lender')], max_length=10)),
                ('key', models.CharField(max_length=200)),
                ('joint', models.BooleanField(default=False)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='complaints.case')),
                ('clinic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='complaints.clinic')),
                ('owner', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('case', 'clinic', 'kind', 'key'), name='one_collector_row_per_share')],
            },
        ),
        migrations.CreateModel(
            name='CollectorCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('number', 'number'), ('lender', 'lender')], max_length=10)),
                ('key', models.CharField(max_length=200)),
                ('cases', models.PositiveIntegerField(default=0)),
                ('clients', models.PositiveIntegerField(default=0)),
                ('consenting', models.PositiveIntegerField(default=0)),
                ('clinic', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='complaints.clinic')),
            ],
            options={
                'indexes': [models.Index(models.F('clinic'), models.F('kind'), models.OrderBy(models.F('cases'), descending=True), models.F('key'), name='collectorcount_ranking'), models.Index(fields=['kind', 'key', 'clinic'], name='collectorcount_collector')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('clinic__isnull', False)), fields=('clinic', 'kind', 'key'), name='one_count_per_clinic_collector'), models.UniqueConstraint(condition=models.Q(('clinic__isnull', True)), fields=('kind', 'key'), name='one_count_per_collector')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
