"""Named rate limits of the public routes. The counters live in PostgreSQL (`dura.rate.limit`), so
every worker and every server of a database share one budget per client."""


class RateLimiter:
    """At most `limit` hits per `window` seconds for each key of `scope`.

    `scope` names the limit (two limits never share counters); the limit given to :meth:`hit`
    wins over the default one, so a limit read from a setting applies at once.
    """

    def __init__(self, scope, window=60.0, limit=0):
        self.scope = scope
        self.window = int(window)
        self.limit = limit

    def hit(self, env, key, limit=None):
        """Count a hit of `key`; return ``(allowed, retry_after_seconds)``. A refused hit is not
        counted. A limit of 0 or less means no limit."""
        return self._model(env)._hit(self.scope, key, self._limit(limit), self.window)

    def allow(self, env, key, limit=None):
        return self.hit(env, key, limit)[0]

    def is_blocked(self, env, key, limit=None):
        """Whether a hit of `key` would be refused now, without counting one."""
        return self._model(env)._is_blocked(self.scope, key, self._limit(limit), self.window)

    def reset(self, env, key=None):
        """Forget the hits of `key`, or of every key."""
        self._model(env)._reset(self.scope, key)

    def _limit(self, limit):
        return self.limit if limit is None else limit

    def _model(self, env):
        return env["dura.rate.limit"].sudo()
