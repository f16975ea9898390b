"""URLs of this area; config/urls.py mounts it at /cases/<case_id>/log/."""

from django.urls import path

from complaints.views import log, screenshots

app_name = "log"
urlpatterns = [
    path("", log.index, name="list"),
    path("new/", log.entry_create, name="entry_create"),
    path("<int:entry_id>/edit/", log.entry_edit, name="entry_edit"),
    path("<int:entry_id>/delete/", log.entry_delete, name="entry_delete"),
    path("import/", log.import_export, name="import"),
    path("review/", log.review, name="review"),
    path("screenshots/", screenshots.review, name="screenshots"),
    path("screenshots/<int:proposal_id>/", screenshots.decide, name="screenshot_decide"),
]
