"""Evidence of one case, mounted at /cases/<case_id>/evidence/ by config/urls.py."""

from django.urls import path

from complaints.views import evidence as views
from complaints.views import third_party

app_name = "evidence"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("upload/", views.evidence_upload_view, name="upload"),
    path("list.pdf", views.evidence_list_pdf_view, name="list_pdf"),
    path("list-with-files.pdf", views.evidence_archive_pdf_view, name="archive_pdf"),
    path("<int:evidence_id>/", views.evidence_detail, name="detail"),
    path("<int:evidence_id>/download/", views.evidence_download, name="download"),
    path("<int:evidence_id>/preview.jpg", views.evidence_preview, name="preview"),
    path("<int:evidence_id>/messages/<int:proposal_id>.jpg", views.evidence_message_crop, name="message_crop"),
    path("<int:evidence_id>/delete/", views.evidence_delete_view, name="delete"),
    path("third-party/", third_party.evidence_links, name="third_party_links"),
    path("third-party/<int:link_id>/revoke/", third_party.evidence_link_revoke, name="third_party_link_revoke"),
    path("third-party/uploads/<int:upload_id>/", third_party.third_party_pending_download, name="third_party_download"),
    path("third-party/uploads/<int:upload_id>/accept/", third_party.third_party_accept, name="third_party_accept"),
    path("third-party/uploads/<int:upload_id>/reject/", third_party.third_party_reject, name="third_party_reject"),
]
