"""Background tasks (django-tasks; the backend is settings.TASKS: immediate without a worker, the database queue
with `manage.py db_worker`)."""

from django_tasks import task

from complaints.services.screenshots import screenshot_read_store


@task()
def screenshot_read(evidence_id: int) -> None:
    """Read one uploaded screenshot and store its proposals (complaints.services.screenshots)."""
    screenshot_read_store(evidence_id=evidence_id)
