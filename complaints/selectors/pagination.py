"""A paginator for lists too long to count: pages through at most `cap` rows."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Pages through at most `cap` rows. `total` is the exact number when the caller can get it cheaply;
    otherwise the rows are counted only up to cap + 1, which stops early instead of scanning every case."""

    def __init__(self, object_list, per_page, *, cap, total=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        # Counted without the sort: any cap + 1 rows tell whether there are more, and the database can start
        # from the most selective index instead of walking the queue order.
        self.total = total if total is not None else object_list.order_by()[: cap + 1].count()
        self.total_known = total is not None or self.total <= cap

    @cached_property
    def count(self):
        return min(self.total, self.cap)

    @property
    def more_than_cap(self) -> bool:
        return self.total > self.cap
