"""Django's PostgreSQL backend, pinging a reused connection only when it has been idle.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query
of every request, so that a database that restarted or failed over while the connection sat idle costs one
reconnect instead of an error page. That round trip is 0.1–0.15 ms of CPU, 5–7 % of a guide request
(bench/guide_cpu.py). A connection whose previous request began using it less than a second ago has just answered
that request's queries: a restart in the gap would have to start and finish within that second, while a restart that
overlaps a busy request already fails that request, marks the connection (Django's `errors_occurred`) and replaces it
at the request's end. So the check is kept for connections idle at least RECENTLY_PROVEN_SECONDS and skipped for a
busy worker's connection, which is where the CPU goes.
"""

import time

from django.db.backends.postgresql import base

RECENTLY_PROVEN_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proven_at = float("-inf")  # when a request last began using this connection without a failed check

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return super().close_if_health_check_failed()
        now = time.monotonic()
        if now - self.proven_at < RECENTLY_PROVEN_SECONDS and not self.errors_occurred:
            self.health_check_done = True
        else:
            super().close_if_health_check_failed()
        self.proven_at = now
