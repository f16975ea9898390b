"""Load the demo a newcomer sees after `make run`; safe to run again (it changes nothing that exists)."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from complaints.management.demo_evidence import demo_evidence_add
from complaints.management.demo_log import demo_log_add
from complaints.management.demo_outcomes import demo_outcomes_add
from complaints.models import Clinic, ClinicMembership, User
from complaints.services.accounts import borrower_sign_up
from complaints.services.cases import case_create, case_share_create, case_step_add
from complaints.services.letters import letter_generate
from guidance import clock

DEMO_CLINIC = {
    "name": "示例法律援助工作站",
    "phone": "020-00000000",
    "address": "示例省示例市示例区示例路1号（演示数据）",
    "hours": "周一至周五 9:00-17:00（演示数据）",
}
DEMO_STAFF_USERNAME = "demo-staff"
DEMO_BORROWER_PHONE = "+8613800138000"
# Borrowers log in with a name of their choosing, never their number (docs/SECURITY.md).
DEMO_BORROWER_USERNAME = "demo-zhang"
# A made-up case in the shape of facts.md; the names say that they are demo data.
DEMO_CASE_FILE = {
    "borrower": {
        "name": "演示用户",
        "phone": DEMO_BORROWER_PHONE,
        "address": {"province": "广东省", "city": "广州市", "district": "越秀区", "street": "示例路2号（演示数据）", "postcode": "510000"},
    },
    "lender": {"name": "示例消费金融有限公司（演示数据）", "kind": "consumer_finance", "app_name": "示例借", "illegal_debt_signs": False,
               "address": {"province": "北京市", "city": "北京市", "district": "西城区", "street": "示例大街3号（演示数据）", "postcode": "100032"}},
    "collector": {"name": "示例信息咨询有限公司（演示数据）", "kind": "outsourced_agency", "numbers": ["17012345678", "10690000123456"],
                  "address": {"province": "湖南省", "city": "长沙市", "district": "岳麓区", "street": "示例路4号（演示数据）", "postcode": "410000"}},
    "safety": {"in_danger_now": False},
    "harassment": {
        "channels": ["sms", "call"], "targets": ["self", "contacts"], "content": ["threat_exposure", "insult"],
        "night_contact": True, "max_per_day": 40, "first_seen": "2026-03-01",
    },
    "steps_taken": [{"action": "demand_collector_stop", "on": "2026-03-02", "result": "continued"}],
    "wants": ["stop_harassment", "delete_my_data"],
}
# Letters the demo borrower has already generated, so the letters pages show a stored letter and its hash.
DEMO_LETTERS = ("collector_cease", "lender_complaint")
DEMO_CONSENT_TEXT = "演示数据：演示用户同意把案件分享给示例法律援助工作站。"
DEMO_JOINT_CONSENT_TEXT = "演示数据：演示用户同意示例法律援助工作站把其信息写入联合投诉材料。"


class Command(BaseCommand):
    help = ("Create the demo clinic, its staff account, a demo borrower with a shared demo case (evidence, a two-week "
            "harassment log, letters; idempotent), and print the credentials.")

    def handle(self, *args, **options):
        credentials_file = settings.DATA_DIR / "demo-credentials.txt"
        created_lines = []
        with transaction.atomic():
            clinic, _ = Clinic.objects.get_or_create(name=DEMO_CLINIC["name"], defaults=DEMO_CLINIC)
            if not User.objects.filter(username=DEMO_STAFF_USERNAME).exists():
                password = secrets.token_urlsafe(9)
                staff = User.objects.create_user(username=DEMO_STAFF_USERNAME, password=password, first_name="演示工作人员")
                ClinicMembership.objects.create(user=staff, clinic=clinic, role=ClinicMembership.Role.CLINIC_ADMIN)
                created_lines.append(f"staff: {DEMO_STAFF_USERNAME} / {password}")
            if not User.objects.filter(username=DEMO_BORROWER_USERNAME).exists():
                password = "演示-" + secrets.token_urlsafe(9)
                borrower, recovery_code = borrower_sign_up(username=DEMO_BORROWER_USERNAME, phone=DEMO_BORROWER_PHONE,
                                                           password=password)
                case = case_create(owner=borrower, actor=borrower, data=DEMO_CASE_FILE)
                case_share_create(case=case, clinic=clinic, consent_text=DEMO_CONSENT_TEXT, actor=borrower,
                                  joint_consent_text=DEMO_JOINT_CONSENT_TEXT)
                # Evidence and the log before letters, so letters carry the evidence list and the harassment summary.
                demo_evidence_add(case, actor=borrower)
                demo_log_add(case, actor=borrower)
                case.refresh_from_db()  # the log rewrote the case file's `harassment` summary and the priority
                for kind in DEMO_LETTERS:
                    letter_generate(actor=borrower, case=case, kind=kind)
                # A complaint to the lender whose 15-day answer period ends today: the hub asks the check-in question.
                case_step_add(case=case, step={"action": "complain_lender", "on": (clock.today() - dt.timedelta(days=15)).isoformat()},
                              actor=borrower)
                created_lines.append(f"borrower: {DEMO_BORROWER_USERNAME} / {password} (recovery code {recovery_code}; demo case {case.reference})")
            demo_outcomes_add(clinic, actor=User.objects.get(username=DEMO_STAFF_USERNAME))
        if created_lines:
            credentials_file.parent.mkdir(parents=True, exist_ok=True)
            with credentials_file.open("a", encoding="utf-8") as credentials:
                credentials.write("\n".join(created_lines) + "\n")
        if credentials_file.exists():
            self.stdout.write("Demo accounts (also in var/demo-credentials.txt):")
            self.stdout.write(credentials_file.read_text(encoding="utf-8").rstrip())
        else:
            self.stdout.write("The demo accounts exist; their passwords were printed when they were created.")
