"""docs/SECURITY.md, the audit log: rows written before the digest-only audit are rewritten by
complaints/migrations/0014_i15_audit_digests.py to field names and digests, run through the migration executor."""

import importlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from complaints.services.audit import audit_changes, audit_digest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.security]

MIGRATION = ("complaints", "0014_i15_audit_digests")
module = importlib.import_module("complaints.migrations.0014_i15_audit_digests")

OLD_BORROWER = {"name": "张三", "phone": "+8613800138000", "id_number": "11010519491231002X",
                "address": {"province": "广东省", "city": "深圳市", "street": "科技园路1号", "postcode": "518000"}}
NEW_BORROWER = {**OLD_BORROWER, "phone": "+8613912345678", "address": {**OLD_BORROWER["address"], "street": "南山大道9号"}}
LETTER_OLD = {"inputs": {"court_name": "深圳市南山区人民法院", "birth_date": "1990-02-03"}, "narrative": "", "demands": []}
LETTER_NEW = {"inputs": {"court_name": "深圳市南山区人民法院", "birth_date": "1990-02-03"},
              "narrative": "我母亲因此失眠", "demands": ["停止联系我的母亲"]}
NOTE = "她的身份证号 11010519491231002X，住科技园路1号"
PRIVATE = ("11010519491231002X", "+8613800138000", "+8613912345678", "科技园路1号", "南山大道9号", "518000",
           "我母亲因此失眠", "停止联系我的母亲", "1990-02-03", "她的身份证号", "对方承认多收了利息")


def _legacy_rows():
    """(action, old_value, new_value) as the audit code wrote them before the digest-only release."""
    return [
        ("case.section_update", {"borrower": OLD_BORROWER}, {"borrower": NEW_BORROWER}),
        ("case.section_update", {"steps_taken": []}, {"steps_taken": [{"action": "complain_lender", "on": "2026-03-02"}]}),
        ("letter.edit", LETTER_OLD, LETTER_NEW),
        ("letter.reply", {"replied_on": None, "reply_result": "", "reply_summary": ""},
         {"replied_on": "2026-04-01", "reply_result": "refused", "reply_summary": "对方承认多收了利息"}),
        ("case.note_add", None, {"text": NOTE}),
        ("case.status_change", {"status": "new"}, {"status": "in_progress"}),  # no personal data: left alone
    ]


@pytest.fixture
def before_the_migration():
    """The database as it was before the migration, with the AuditEvent model of then; every migration after."""
    executor = MigrationExecutor(connection)
    previous = [dependency for dependency in executor.loader.get_migration(*MIGRATION).dependencies
                if dependency[0] == "complaints"]
    executor.migrate(previous)
    executor.loader.build_graph()
    yield executor.loader.project_state(previous).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate_forward():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([MIGRATION])
    return executor.loader.project_state([MIGRATION]).apps


def test_legacy_audit_rows_keep_field_names_and_digests_not_the_personal_data(before_the_migration, monkeypatch):
    # Batches of 4 over 6 rows of these actions and more of others: the last batch is a partial one.
    monkeypatch.setattr(module, "BATCH", 4)
    AuditEvent = before_the_migration.get_model("complaints", "AuditEvent")
    for number, (action, old, new) in enumerate(_legacy_rows()):
        AuditEvent.objects.create(action=action, subject_type="complaints.case", subject_id=str(number), case_id=7,
                                  old_value=old, new_value=new)
    # Rows in the current shape are left as they are.
    current_old, current_new = audit_changes({"court_name": "甲"}, {"court_name": "乙"})
    AuditEvent.objects.create(action="letter.edit", subject_type="complaints.letteredit", subject_id="9", case_id=7,
                              old_value=current_old, new_value=current_new)

    apps = _migrate_forward()
    AuditEvent = apps.get_model("complaints", "AuditEvent")
    stored = json.dumps(list(AuditEvent.objects.values("old_value", "new_value")), ensure_ascii=False)
    for private in PRIVATE:
        assert private not in stored, private

    rows = {event.subject_id: event for event in AuditEvent.objects.all()}
    assert rows["0"].old_value == {"section": "borrower", **audit_changes(OLD_BORROWER, NEW_BORROWER)[0]}
    assert rows["0"].new_value["fields"] == ["address", "phone"]
    assert rows["0"].new_value["sha256"]["phone"] == audit_digest("+8613912345678")
    assert rows["1"].new_value == {"section": "steps_taken", "sha256": audit_digest([{"action": "complain_lender", "on": "2026-03-02"}])}
    assert (rows["2"].old_value, rows["2"].new_value) == audit_changes(LETTER_OLD, LETTER_NEW)
    assert rows["3"].new_value == {"replied_on": "2026-04-01", "reply_result": "refused", "reply_summary": audit_digest("对方承认多收了利息")}
    assert rows["4"].new_value == {"sha256": audit_digest(NOTE), "length": len(NOTE)}
    assert rows["5"].new_value == {"status": "in_progress"}
    assert (rows["9"].old_value, rows["9"].new_value) == (current_old, current_new)

    # Idempotent: a second run (after an interruption, say) changes nothing.
    before = list(AuditEvent.objects.order_by("pk").values_list("old_value", "new_value"))
    with connection.schema_editor() as schema_editor:
        module.rewrite_legacy_audit_values(apps, schema_editor)
    assert list(AuditEvent.objects.order_by("pk").values_list("old_value", "new_value")) == before


def test_the_migration_reads_the_table_in_batches_not_whole(before_the_migration, monkeypatch):
    monkeypatch.setattr(module, "BATCH", 3)
    AuditEvent = before_the_migration.get_model("complaints", "AuditEvent")
    AuditEvent.objects.bulk_create([
        AuditEvent(action="case.note_add", subject_type="complaints.casenote", subject_id=str(number), case_id=7,
                   new_value={"text": f"第{number}条备注：电话 13800138000"})
        for number in range(10)
    ])
    with CaptureQueriesContext(connection) as queries:
        _migrate_forward()
    reads = [query["sql"] for query in queries.captured_queries
             if query["sql"].startswith("SELECT") and '"complaints_auditevent"' in query["sql"]]
    assert len(reads) == 5  # 3 + 3 + 3 + 1 rows, then an empty batch ends it
    assert all("LIMIT 3" in sql for sql in reads)
    assert not AuditEvent.objects.filter(new_value__has_key="text").exists()
    assert "13800138000" not in json.dumps(list(AuditEvent.objects.values_list("new_value", flat=True)))
