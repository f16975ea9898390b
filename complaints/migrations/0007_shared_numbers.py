"""SharedNumber: collector numbers per active share, for the case page's "also harassed N other clients" counts.

The rows for the cases that exist already are filled in with one INSERT … SELECT (plain SQL, SQLite and PostgreSQL).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FILL = """
INSERT INTO complaints_sharednumber (share_id, case_number_id, clinic_id, number, case_id, owner_id)
SELECT s.id, n.id, s.clinic_id, n.number, n.case_id, c.owner_id
FROM complaints_casenumber n
JOIN complaints_caseshare s ON s.case_id = n.case_id AND s.withdrawn_at IS NULL
JOIN complaints_case c ON c.id = n.case_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0006_letters_letter'),
    ]

    operations = [
        migrations.CreateModel(
            name='SharedNumber',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=32)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='complaints.case')),
                ('case_number', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='complaints.casenumber')),
                ('clinic', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='complaints.clinic')),
                ('owner', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('share', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='complaints.caseshare')),
            ],
            options={
                'indexes': [models.Index(fields=['number', 'clinic', 'owner', 'case'], name='sharednumber_counts')],
                'constraints': [models.UniqueConstraint(fields=('share', 'case_number'), name='one_row_per_share_number')],
            },
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
