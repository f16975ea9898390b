"""Audit rows written before the digest-only audit keep full old and new values: case sections (ID number,
phone, address), letter inputs, reply summaries and note texts. Rewrite them as the audit code records
them now (complaints.services.audit): field names and SHA-256 digests, never the values.

Built for a large table (millions of rows): only the four actions that ever held such values are read,
by primary key in batches of BATCH rows (keyset pagination, so memory stays one batch whatever the
table's size), each batch updated in its own transaction. A row already in the current shape is left
as it is, so running it again (or after an interruption) changes nothing more. Backwards it does
nothing: the values are gone on purpose.
"""

import re

from django.db import migrations, transaction

from complaints.services.audit import audit_changes, audit_digest

BATCH = 2000
ACTIONS = ("case.section_update", "letter.edit", "letter.reply", "case.note_add")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def _section_update(old, new):
    # Before: {section: old section} and {section: new section}. Now: {"section", "fields", "sha256"}.
    if "section" in (new or {}) or "section" in (old or {}):
        return None
    names = list((new or {}).keys() | (old or {}).keys())
    if len(names) != 1:
        return None
    section = names[0]
    old_fields, new_fields = audit_changes((old or {}).get(section), (new or {}).get(section))
    return {"section": section, **old_fields}, {"section": section, **new_fields}


def _letter_edit(old, new):
    # Before: {"inputs", "narrative", "demands"} as they were and became. Now: audit_changes of those.
    if not isinstance(new, dict) or "fields" in new or "inputs" not in new:
        return None
    return audit_changes(old, new)


def _summary_digest(value):
    if not isinstance(value, dict) or "reply_summary" not in value:
        return value
    summary = value["reply_summary"]
    if summary is None or (isinstance(summary, str) and _DIGEST.fullmatch(summary)):
        return value
    return {**value, "reply_summary": audit_digest(summary)}


def _letter_reply(old, new):
    # Before: the reply summary's text in old and new. Now: its digest.
    rewritten = _summary_digest(old), _summary_digest(new)
    return None if rewritten == (old, new) else rewritten


def _note_add(old, new):
    # Before: {"text": the note}. Now: {"sha256", "length"}.
    if not isinstance(new, dict) or "text" not in new:
        return None
    text = new["text"] or ""
    return old, {"sha256": audit_digest(text), "length": len(text)}


REWRITE = {"case.section_update": _section_update, "letter.edit": _letter_edit, "letter.reply": _letter_reply,
           "case.note_add": _note_add}


def _update(connection, AuditEvent, changed: list[tuple]) -> None:
    """Write (pk, old, new) rows back. A plain UPDATE by primary key through executemany, not bulk_update: that
    builds a CASE expression per row through the ORM, about a millisecond of CPU a row (a quarter of an hour at a
    million old rows); this is a few microseconds. The values go through the field's own conversion to the
    database's JSON type, as the ORM would send them."""
    meta, quote = AuditEvent._meta, connection.ops.quote_name
    old_field, new_field = meta.get_field("old_value"), meta.get_field("new_value")
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote(old_field.column)} = %s, {quote(new_field.column)} = %s "
           f"WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(old_field.get_db_prep_save(old, connection), new_field.get_db_prep_save(new, connection), pk)
                                 for pk, old, new in changed])


def rewrite_legacy_audit_values(apps, schema_editor):
    AuditEvent = apps.get_model("complaints", "AuditEvent")
    connection = schema_editor.connection
    rows = AuditEvent.objects.using(connection.alias).filter(action__in=ACTIONS).order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).values_list("pk", "action", "old_value", "new_value")[:BATCH])
        if not batch:
            return
        last = batch[-1][0]
        changed = []
        for pk, action, old, new in batch:
            rewritten = REWRITE[action](old, new)
            if rewritten is not None:
                changed.append((pk, *rewritten))
        if changed:
            with transaction.atomic(using=connection.alias):
                _update(connection, AuditEvent, changed)


class Migration(migrations.Migration):
    # One transaction per batch, not one for the whole table: an interrupted run keeps what it rewrote and
    # the next run (idempotent) carries on.
    atomic = False

    dependencies = [
        ("complaints", "0013_check_ins"),
    ]

    operations = [
        migrations.RunPython(rewrite_legacy_audit_values, migrations.RunPython.noop, elidable=True),
    ]
