"""URLs of this area; config/urls.py mounts it at /jobs/."""

from django.urls import path

from complaints.models import Job
from complaints.views import jobs

app_name = "jobs"
urlpatterns = [
    path("<int:job_id>/", jobs.status, name="status"),
    path("<int:job_id>/mailing-day.pdf", jobs.download, {"kind": Job.Kind.MAILING_PDF}, name="download"),
    path("<int:job_id>/letters.zip", jobs.download, {"kind": Job.Kind.LETTER_BUNDLE}, name="letters_zip"),
    path("<int:job_id>/cases-letters.zip", jobs.download, {"kind": Job.Kind.CASES_LETTERS}, name="cases_letters_zip"),
]
