"""PostgreSQL as Django has it, with the connection health check only after idling.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of
*every* request that reuses a persistent connection: one extra round trip to the
database per page, about as costly as a cached page's own query. A connection
that ran a query less than :data:`HEALTH_CHECK_AFTER_IDLE` seconds ago is known to
have worked (had it failed, Django closes it at the end of that request because an
error occurred), so here the check is only made for a connection that has been
idle longer. After a database restart the workers still reconnect by themselves:
busy connections fail, are closed and reopened; idle ones are checked first
(bench/faults.py restarts PostgreSQL under load to show it).
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

#: Seconds since a connection's last query after which it is checked before reuse.
HEALTH_CHECK_AFTER_IDLE = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _last_cursor_at: float = float("-inf")

    def _cursor(self, name=None):
        now = time.monotonic()
        if now - self._last_cursor_at < HEALTH_CHECK_AFTER_IDLE:
            self.health_check_done = True
        self._last_cursor_at = now
        return super()._cursor(name)
