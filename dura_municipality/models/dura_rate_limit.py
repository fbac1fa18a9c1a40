import math

from odoo import api, fields, models

# Buckets older than this are of no use to any limiter (the longest window in the suite is ten
# minutes); the autovacuum drops them.
BUCKET_RETENTION_SECONDS = 24 * 3600


class DuraRateLimit(models.Model):
    """The public routes' rate limits, shared by every worker and every server of the database.

    Each worker of ``odoo-bin --workers N`` (and each machine behind a load balancer) used to keep
    its own counters in memory, so a client had N times the budget. The counters now live in
    PostgreSQL: one row per scope, key and fixed window, counted with a sliding-window estimate
    (the previous window's hits weighted by the part of it still inside the sliding window, plus
    the current window's). A refused hit is not counted, so a client that waits gets through.

    Hits are written through a cursor of their own and committed at once: a request that fails
    afterwards still counts, and every other worker sees it immediately.
    """

    _name = "dura.rate.limit"
    _description = "Rate limit counter"
    _log_access = False

    scope = fields.Char(required=True, readonly=True)
    key = fields.Char(required=True, readonly=True)
    window_start = fields.Integer(
        required=True, readonly=True, help="Start of the counted window, in seconds since 1970."
    )
    hits = fields.Integer(required=True, readonly=True, default=0)

    _sql_constraints = [
        ("bucket_unique", "UNIQUE(scope, key, window_start)", "One counter per window."),
    ]

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _hit(self, scope, key, limit, window):
        """Count a hit of `key` in `scope`; return ``(allowed, retry_after_seconds)``.

        At most `limit` hits are allowed per `window` seconds (a limit of 0 or less: no limit).
        """
        if limit <= 0:
            return True, 0
        key = str(key)[:256]
        with self.env.registry.cursor() as cr:
            if not self.env.registry.in_test_mode():
                # Odoo's cursors are REPEATABLE READ: two workers counting the same key would
                # fail with a serialization error. In READ COMMITTED the second waits for the
                # first's row lock and counts on top of it.
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            now, start, weight = self._window(cr, window)
            # One statement, so two workers counting the same key at once are serialized by the
            # row lock of the upsert and the condition is evaluated on the latest count.
            cr.execute(
                """
                WITH previous AS (
                    SELECT COALESCE(MAX(hits), 0) AS hits FROM dura_rate_limit
                     WHERE scope = %(scope)s AND key = %(key)s AND window_start = %(previous)s
                )
                INSERT INTO dura_rate_limit AS bucket (scope, key, window_start, hits)
                SELECT %(scope)s, %(key)s, %(start)s, 1 FROM previous
                 WHERE 1 + previous.hits * %(weight)s <= %(limit)s
                ON CONFLICT (scope, key, window_start) DO UPDATE SET hits = bucket.hits + 1
                 WHERE bucket.hits + 1 + (SELECT hits FROM previous) * %(weight)s <= %(limit)s
                RETURNING hits
                """,
                {
                    "scope": scope,
                    "key": key,
                    "start": start,
                    "previous": start - int(window),
                    "weight": weight,
                    "limit": limit,
                },
            )
            if cr.fetchone():
                return True, 0
        return False, max(1, math.ceil(start + window - now))

    @api.model
    def _is_blocked(self, scope, key, limit, window):
        """Whether a hit of `key` would be refused now, without counting one."""
        if limit <= 0:
            return False
        with self.env.registry.cursor() as cr:
            _now, start, weight = self._window(cr, window)
            cr.execute(
                """
                SELECT COALESCE(SUM(CASE WHEN window_start = %(start)s THEN hits
                                         ELSE hits * %(weight)s END), 0)
                  FROM dura_rate_limit
                 WHERE scope = %(scope)s AND key = %(key)s
                   AND window_start IN (%(start)s, %(previous)s)
                """,
                {
                    "scope": scope,
                    "key": str(key)[:256],
                    "start": start,
                    "previous": start - int(window),
                    "weight": weight,
                },
            )
            return cr.fetchone()[0] + 1 > limit

    @api.model
    def _reset(self, scope, key=None):
        """Forget the hits of `key` in `scope`, or of every key of `scope`."""
        with self.env.registry.cursor() as cr:
            if key is None:
                cr.execute("DELETE FROM dura_rate_limit WHERE scope = %s", [scope])
            else:
                cr.execute(
                    "DELETE FROM dura_rate_limit WHERE scope = %s AND key = %s",
                    [scope, str(key)[:256]],
                )

    @api.model
    def _window(self, cr, window):
        """The database's clock (the one all servers share), the start of the current window,
        and the weight of the previous window in the sliding estimate."""
        window = int(window)
        now = self._now(cr)
        start = int(now // window * window)
        return now, start, 1.0 - (now - start) / window

    @api.model
    def _now(self, cr):
        cr.execute("SELECT EXTRACT(EPOCH FROM clock_timestamp())::float")
        return cr.fetchone()[0]

    @api.autovacuum
    def _gc_old_buckets(self):
        self.env.cr.execute(
            "DELETE FROM dura_rate_limit WHERE window_start < %s",
            [int(self._now(self.env.cr)) - BUCKET_RETENTION_SECONDS],
        )
