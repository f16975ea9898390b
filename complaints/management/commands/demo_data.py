"""Load the demo a newcomer sees after `make run`; safe to run again (it changes nothing that exists)."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from complaints.models import Clinic, ClinicMembership, User

DEMO_CLINIC = {
    "name": "示例法律援助工作站",
    "phone": "020-00000000",
    "address": "示例省示例市示例区示例路1号（演示数据）",
    "hours": "周一至周五 9:00-17:00（演示数据）",
}
DEMO_STAFF_USERNAME = "demo-staff"


class Command(BaseCommand):
    help = "Create the demo clinic and its staff account (idempotent) and print the credentials."

    def handle(self, *args, **options):
        credentials_file = settings.DATA_DIR / "demo-credentials.txt"
        with transaction.atomic():
            clinic, _ = Clinic.objects.get_or_create(name=DEMO_CLINIC["name"], defaults=DEMO_CLINIC)
            staff = User.objects.filter(username=DEMO_STAFF_USERNAME).first()
            if staff is None:
                password = secrets.token_urlsafe(9)
                staff = User.objects.create_user(username=DEMO_STAFF_USERNAME, password=password, first_name="演示工作人员")
                ClinicMembership.objects.create(user=staff, clinic=clinic, role=ClinicMembership.Role.CLINIC_ADMIN)
                credentials_file.parent.mkdir(parents=True, exist_ok=True)
                credentials_file.write_text(f"staff: {DEMO_STAFF_USERNAME} / {password}\n", encoding="utf-8")
        if credentials_file.exists():
            self.stdout.write("Demo accounts (also in var/demo-credentials.txt):")
            self.stdout.write(credentials_file.read_text(encoding="utf-8").rstrip())
        else:
            self.stdout.write(f"Demo staff account {DEMO_STAFF_USERNAME} exists; its password was printed when it was created.")
