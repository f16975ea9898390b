"""URLs of this area; config/urls.py mounts it at /jobs/."""

from django.urls import path

from complaints.views import jobs

app_name = "jobs"
urlpatterns = [
    path("<int:job_id>/", jobs.status, name="status"),
    path("<int:job_id>/mailing-day.pdf", jobs.download, name="download"),
]
