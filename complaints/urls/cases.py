"""The borrower's cases. Every URL with a case_id goes through complaints.selectors.access.case_access."""

from django.urls import path

from complaints.views import cases, check_ins, negotiation

app_name = "cases"
urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.case_new, name="create"),
    path("import/", cases.case_import_upload, name="import"),
    path("from-guidance/", cases.case_create_from_guidance, name="create_from_guidance"),
    path("<int:case_id>/", cases.case_detail, name="detail"),
    path("<int:case_id>/edit/<slug:section>/", cases.case_section_edit, name="edit_section"),
    path("<int:case_id>/steps/", cases.case_steps, name="steps"),
    path("<int:case_id>/steps/<int:index>/delete/", cases.case_step_delete, name="step_delete"),
    path("<int:case_id>/check-in/", check_ins.check_in, name="check_in"),
    path("<int:case_id>/negotiation/", negotiation.case_negotiation, name="negotiation"),
    path("<int:case_id>/share/", cases.case_share, name="share"),
    path("<int:case_id>/share/<int:share_id>/withdraw/", cases.case_share_end, name="share_withdraw"),
    path("<int:case_id>/share/<int:share_id>/joint/", cases.case_share_joint_consent, name="share_joint_consent"),
    path("<int:case_id>/share/<int:share_id>/joint/withdraw/", cases.case_share_joint_consent_end, name="share_joint_withdraw"),
    path("<int:case_id>/export/case.json", cases.case_export_json, name="export_json"),
    path("<int:case_id>/export/evidence.zip", cases.case_export_evidence, name="export_evidence"),
    path("<int:case_id>/delete/", cases.case_delete_confirm, name="delete"),
]
