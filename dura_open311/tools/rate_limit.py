"""An in-process sliding-window rate limiter.

Each Odoo worker process keeps its own counters (so with N workers a client gets at most N times
the limit); that bounds abuse of the public endpoints without a shared store. Thread-safe: the
threaded server serves requests from several threads.
"""

import threading
import time
from collections import deque


class RateLimiter:
    """Allow at most `limit` hits per `window` seconds for each key."""

    def __init__(self, window=60.0, clock=time.monotonic, max_keys=50000):
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._hits = {}
        self._lock = threading.Lock()

    def hit(self, key, limit):
        """Record a hit of `key`; return ``(allowed, retry_after_seconds)``.

        A refused hit is not recorded, so a client that waits gets through again. A limit of
        0 or less means no limit.
        """
        if limit <= 0:
            return True, 0
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._purge(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= limit:
                return False, max(1, int(hits[0] + self.window - now + 0.999))
            hits.append(now)
            return True, 0

    def is_blocked(self, key, limit):
        """Whether a hit of `key` would be refused now, without recording one."""
        if limit <= 0:
            return False
        now = self.clock()
        with self._lock:
            hits = self._hits.get(key) or ()
            return sum(1 for at in hits if at > now - self.window) >= limit

    def reset(self, key=None):
        """Forget the hits of `key`, or of every key."""
        with self._lock:
            if key is None:
                self._hits.clear()
            else:
                self._hits.pop(key, None)

    def _purge(self, now):
        """Drop keys without a hit in the window; if all are busy, drop the oldest half."""
        for key in [
            k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window
        ]:
            del self._hits[key]
        if len(self._hits) >= self.max_keys:
            oldest = sorted(self._hits, key=lambda k: self._hits[k][-1])
            for key in oldest[: len(oldest) // 2]:
                del self._hits[key]
