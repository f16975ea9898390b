"""The audit digest migration at scale: `python bench/audit_migration_bench.py [--rows N] [--no-write]`.

A scratch SQLite database is migrated to just before complaints/migrations/0014_i15_audit_digests.py and filled
with N audit rows (default 2,000,000) of the four actions that migration reads, half of them in the old shape
(full ID numbers, phones, addresses, note texts) and half already in the current one. Then `manage.py migrate`
runs it in a process of its own, whose peak resident memory is compared with the same process migrating nothing.
Targets: the migration adds under 50 MB to that peak whatever N (it reads one batch at a time), and no personal
value is left afterwards.
The result replaces its own section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _bootstrap  # bench/ is on sys.path when a script runs

SCRATCH = Path(tempfile.mkdtemp(prefix="zhirao-audit-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
_bootstrap.django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from complaints.models import AuditEvent  # noqa: E402
from complaints.services.audit import audit_changes  # noqa: E402

START, END = _bootstrap.markers("audit_migration_bench")
MIGRATION = "0014_i15_audit_digests"
TARGET_ADDED_MB = 50
ID_NUMBER, PHONE, STREET, NOTE = "11010519491231002X", "+8613800138000", "科技园路1号", "她说催收员每天打十几个电话"


def _row(number: int) -> AuditEvent:
    legacy = number % 2 == 0
    kind = number % 8 // 2
    borrower = {"name": "张三", "phone": PHONE, "id_number": ID_NUMBER, "address": {"street": STREET}}
    moved = {**borrower, "address": {"street": f"南山大道{number}号"}}
    if kind == 0:
        old, new = ({"borrower": borrower}, {"borrower": moved}) if legacy else (
            {"section": "borrower", **audit_changes(borrower, moved)[0]}, {"section": "borrower", **audit_changes(borrower, moved)[1]})
        action = "case.section_update"
    elif kind == 1:
        before = {"inputs": {"court_name": "深圳市南山区人民法院"}, "narrative": "", "demands": []}
        after = {**before, "narrative": NOTE}
        old, new = (before, after) if legacy else audit_changes(before, after)
        action = "letter.edit"
    elif kind == 2:
        old, new = {"reply_summary": ""}, {"reply_summary": NOTE if legacy else None}
        action = "letter.reply"
    else:
        old, new = None, {"text": NOTE} if legacy else {"sha256": None, "length": 0}
        action = "case.note_add"
    return AuditEvent(action=action, subject_type="complaints.case", subject_id=str(number), case_id=number,
                      old_value=old, new_value=new)


def fill(rows: int) -> float:
    started = time.perf_counter()
    for first in range(0, rows, 20000):
        AuditEvent.objects.bulk_create([_row(number) for number in range(first, min(first + 20000, rows))], batch_size=2000)
    return time.perf_counter() - started


_MIGRATE = """
import os, resource, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "complaints", sys.argv[1], verbosity=0)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def migrate_in_its_own_process(target: str) -> tuple[float, float]:
    """Seconds and peak resident MB of a process that starts Django and migrates complaints to `target`."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MIGRATE, target], cwd=_bootstrap.ROOT, env=os.environ,
                            check=True, capture_output=True, text=True)
    return time.perf_counter() - started, float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    load_before = os.getloadavg()[0]
    call_command("migrate", "complaints", "0013_check_ins", verbosity=0)
    fill_seconds = fill(arguments.rows)
    connection.close()
    # The same process with nothing to migrate: Django, the migration graph and the models' states.
    _seconds, baseline_mb = migrate_in_its_own_process("0013_check_ins")
    seconds, peak_mb = migrate_in_its_own_process(MIGRATION)
    added_mb = peak_mb - baseline_mb
    left = sum(AuditEvent.objects.filter(new_value__icontains=value).count() + AuditEvent.objects.filter(old_value__icontains=value).count()
               for value in (ID_NUMBER, PHONE, STREET, NOTE))
    load_after = os.getloadavg()[0]
    connection.close()
    shutil.rmtree(SCRATCH)  # the scratch database is about a gigabyte at the default size
    met = added_mb < TARGET_ADDED_MB and left == 0
    text = "\n".join([
        START,
        "## 审计记录摘要迁移（bench/audit_migration_bench.py）",
        "",
        f"SQLite 临时库，{arguments.rows} 条审计记录（迁移读取的四种操作，一半是旧格式：完整身份证号、电话、地址、备注原文），"
        f"写入用时 {fill_seconds:.0f} 秒。`manage.py migrate complaints {MIGRATION}` 在单独的进程中运行。"
        f"目标：与同一进程不迁移任何东西相比，峰值常驻内存多出不到 {TARGET_ADDED_MB} MB（无论多少行，每次只读一批），"
        "迁移后不留任何个人信息。",
        "",
        f"结果：用时 {seconds:.0f} 秒；峰值常驻内存 {peak_mb:.0f} MB，不迁移时 {baseline_mb:.0f} MB，多出 {added_mb:.0f} MB；"
        f"迁移后仍含个人信息的记录 {left} 条（{'达标' if met else '未达标'}）。",
        f"运行于 {time.strftime('%Y-%m-%d')}，{_bootstrap.machine()}，系统负载（1 分钟平均）开始时 {load_before:.1f}、结束时 {load_after:.1f}"
        "（与其他进程共用机器）。",
        END,
    ])
    print(text)
    if not arguments.no_write:
        _bootstrap.write_section(text)


if __name__ == "__main__":
    main()
