"""Deleting many rows without holding a big table: a batch at a time, each its own short transaction."""

from collections.abc import Callable, Iterable

from django.core.files.storage import storages
from django.db import transaction

BATCH = 500


def delete_in_batches(queryset, *, files: Callable[[object], Iterable[str]] | None = None, batch: int = BATCH) -> int:
    """Delete every row of `queryset`, `batch` rows at a time, and return how many went.

    Each batch is its own transaction, so no lock is held across the whole table and a purge of a million rows
    does not block the app. With `files`, the stored files it names for each row are removed first, through
    Django's storage API (local disk or S3 alike): a file deleted whose row then failed to go is found again by the
    next run (deleting a missing file is a no-op), whereas a row deleted first could leave an orphan file no one
    knows to remove.
    """
    storage = storages["default"]
    removed = 0
    while True:
        rows = list(queryset.order_by("pk")[:batch] if files else queryset.order_by("pk").only("pk")[:batch])
        if not rows:
            return removed
        for row in rows if files else ():
            for name in files(row):
                if name:
                    storage.delete(name)
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=[row.pk for row in rows]).delete()
        removed += len(rows)
