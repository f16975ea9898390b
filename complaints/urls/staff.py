"""Clinic staff pages (/staff/). Every URL here is covered by tests/integration/test_staff_permissions.py."""

from django.urls import path

from complaints.views import staff, staff_letters, staff_mailing, staff_overview

app_name = "staff"

urlpatterns = [
    path("", staff.queue, name="queue"),
    path("clinic/", staff.clinic_switch, name="clinic_switch"),
    path("letters/", staff_letters.cases_letters, name="cases_letters"),
    path("cases/new/", staff.walk_in, name="walk_in"),
    path("cases/<int:case_id>/", staff.case_detail, name="case"),
    path("cases/<int:case_id>/notes/", staff.case_note_add, name="case_note_add"),
    path("cases/<int:case_id>/assign/", staff.case_assign, name="case_assign"),
    path("cases/<int:case_id>/status/", staff.case_status, name="case_status"),
    path("cases/<int:case_id>/claim-code/", staff.case_claim_code, name="case_claim_code"),
    path("cases/<int:case_id>/audit/", staff.case_audit, name="case_audit"),
    path("collectors/", staff_overview.collectors, name="collectors"),
    path("collectors/export.csv", staff_overview.collector_export_csv, name="collector_export_csv"),
    path("collectors/export.pdf", staff_overview.collector_export_pdf, name="collector_export_pdf"),
    path("deadlines/", staff_overview.deadlines, name="deadlines"),
    path("reports/", staff_overview.reports, name="reports"),
    path("outcomes/", staff_overview.outcomes, name="outcomes"),
    path("reports.csv", staff_overview.reports_csv, name="reports_csv"),
    path("mailing/", staff_mailing.mailing, name="mailing"),
    path("mailing/letters.pdf", staff_mailing.mailing_pdf, name="mailing_pdf"),
    path("mailing/list.csv", staff_mailing.mailing_csv, name="mailing_csv"),
    path("mailing/record/", staff_mailing.mailing_record, name="mailing_record"),
    path("team/", staff.team, name="team"),
    path("team/add/", staff.team_add, name="team_add"),
    path("team/<int:membership_id>/role/", staff.team_role, name="team_role"),
    path("team/<int:membership_id>/password/", staff.team_password_reset, name="team_password_reset"),
    path("team/<int:membership_id>/deactivate/", staff.team_deactivate, name="team_deactivate"),
    path("team/<int:membership_id>/unlock/", staff.team_unlock, name="team_unlock"),
    path("team/<int:membership_id>/two-step-reset/", staff.team_otp_reset, name="team_otp_reset"),
]
