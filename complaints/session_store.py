"""Django's database sessions, read and written with one SQL statement each instead of through the ORM.

Same table (django_session), same signed and compressed data, same expiry rule, same errors: this is Django's
`db` engine (SESSION_ENGINE) with its two per-request paths made cheaper. Every signed-in page reads the session
(the guide's answers are in their own cookie, guidance.guide_state, unless too long for one); through the ORM the read
cost ~0.4 ms of CPU (building a query) and the write ~0.6 ms (a model save inside a transaction, for one row's
UPDATE).
A session deleted on the server (log-out, the old key after log-in) is gone for this store as for Django's: it is
never read back, and writing to it raises UpdateError. Creating a session (rare, and where a key collision must be
told apart) stays Django's own code.

Why not `cached_db` (the cache in front of the table): it is only correct with a cache every process shares; with
the per-process memory cache of one machine (no ZHIRAO_CACHE_URL) a worker would keep serving a session another
worker had logged out. A read here costs about what a Redis round trip does.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _sql(self, template: str, write: bool):
        """The database connection for the session table and `template` with the table's and columns' names."""
        model = self.model
        alias = router.db_for_write(model) if write else router.db_for_read(model)
        connection = connections[alias]
        quote = connection.ops.quote_name
        names = {name: quote(model._meta.get_field(name).column) for name in ("session_key", "session_data", "expire_date")}
        return connection, template.format(table=quote(model._meta.db_table), **names)

    def load(self):
        connection, sql = self._sql("SELECT {session_data} FROM {table} WHERE {session_key} = %s AND {expire_date} > %s",
                                    write=False)
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # unknown or expired: a new session is made if anything is stored (as Django does)
            return {}
        return self.decode(row[0])

    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        data = self.encode(self._get_session())
        connection, sql = self._sql("UPDATE {table} SET {session_data} = %s, {expire_date} = %s WHERE {session_key} = %s",
                                    write=True)
        with connection.cursor() as cursor:
            cursor.execute(sql, [data, connection.ops.adapt_datetimefield_value(self.get_expiry_date()), self.session_key])
            if cursor.rowcount != 1:
                # Deleted meanwhile (logged out in another tab): as Django's store, never recreate it.
                raise UpdateError
