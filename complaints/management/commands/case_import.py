"""Create a case from a `zhirao-case/1` JSON file and, when present, the evidence ZIP exported with it."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from complaints.models import User
from complaints.services.accounts import login_name
from complaints.services.case_transfer import case_import, evidence_zip_path_for
from complaints.services.evidence_archive import EvidenceArchiveError
from guidance.management.usage_error import fail


class Command(BaseCommand):
    help = (
        "Import a case file (zhirao-case/1). Evidence comes from --evidence ZIP, or from <name>-evidence.zip next to "
        "the file when it exists. Without --owner the case belongs to nobody yet (a clinic's walk-in case)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the case file, e.g. ZR-AB23CD45.json")
        parser.add_argument("--owner", help="the borrower's mobile number (any format) or a username")
        parser.add_argument("--evidence", type=Path, help="the evidence ZIP written by case_export")

    def handle(self, *args, file, owner, evidence, **options):
        try:
            text = file.read_bytes()
        except OSError as error:
            fail(self, f"{file}: 无法读取文件（{error.strerror or error}）")
        user = None
        if owner:
            user = User.objects.filter(username=login_name(owner)).first()
            if user is None:
                fail(self, f"--owner: 没有“{owner}”的账号：请填借款人的登录名（早先的账号：注册用的手机号）。")
        evidence = evidence or evidence_zip_path_for(file)
        try:
            if evidence is not None:
                with open(evidence, "rb") as archive:
                    case = case_import(case_file=text, owner=user, actor=None, evidence_archive=archive)
            else:
                case = case_import(case_file=text, owner=user, actor=None)
        except OSError as error:
            fail(self, f"{evidence}: 无法读取证据压缩包（{error.strerror or error}）")
        except ValidationError as error:
            fail(self, f"{file}: {' '.join(error.messages)}")
        except EvidenceArchiveError as error:
            # The ZIP is what is wrong; its messages name the refused files inside it.
            fail(self, f"{evidence}: {' '.join(error.messages)}")
        self.stdout.write(f"{case.reference} ({case.evidence.count()} evidence files, {case.log_entries.count()} log entries)")
