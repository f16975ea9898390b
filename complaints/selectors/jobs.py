"""Reads of background jobs: only the person who started a job sees it (404 for anyone else, like a case)."""

from django.http import Http404

from complaints.models import Job


def job_for_user(*, user, job_id: int) -> Job:
    job = Job.objects.select_related("case", "clinic").filter(pk=job_id, started_by_id=user.pk).first()
    if job is None:
        raise Http404
    return job
