"""Case.borrower_phone: the client's own number as an indexed copy of the case file, for the staff search.

Existing cases get it from their case file (`borrower.phone`), a thousand at a time.
"""

from django.db import migrations, models

BATCH = 1000


def copy_borrower_phones(apps, schema_editor):
    Case = apps.get_model("complaints", "Case")
    batch = []
    for case in Case.objects.only("id", "data").iterator(chunk_size=BATCH):
        phone = ((case.data or {}).get("borrower") or {}).get("phone") or ""
        if phone:
            case.borrower_phone = phone[:32]
            batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, ["borrower_phone"])
            batch = []
    Case.objects.bulk_update(batch, ["borrower_phone"])


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0008_letter_reply'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='borrower_phone',
            field=models.CharField(blank=True, db_index=True, max_length=32),
        ),
        migrations.RunPython(copy_borrower_phones, migrations.RunPython.noop),
    ]
