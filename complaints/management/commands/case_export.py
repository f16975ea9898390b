"""Write a case as `zhirao-case/1` JSON (with its log) and its evidence files as a ZIP."""

from pathlib import Path

from django.core.management.base import BaseCommand

from complaints.models import Case
from complaints.services.case_transfer import case_file_export_write
from guidance.management.usage_error import fail


class Command(BaseCommand):
    help = "Export a case: DIR/<reference>.json (zhirao-case/1, with log) and DIR/<reference>-evidence.zip."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the case number, e.g. ZR-AB23CD45")
        parser.add_argument("--out", required=True, type=Path, help="directory to write into (created if missing)")

    def handle(self, *args, reference, out, **options):
        case = Case.objects.filter(reference=reference.strip().upper()).first()
        if case is None:
            fail(self, f"没有编号为“{reference}”的案件：请检查案件编号（形如 ZR-AB23CD45）。")
        try:
            json_path, zip_path = case_file_export_write(case, out)
        except OSError as error:
            fail(self, f"--out {out}: 无法写入（{error.strerror or error}）")
        self.stdout.write(f"{json_path}\n{zip_path}")
