"""A small in-process sliding-window rate limiter for public routes."""

import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    def __init__(self, limit, window=60.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key):
        """Record a hit for `key`; False when it exceeds `limit` hits within `window` seconds."""
        now = self.clock()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10000:  # forget keys idle for a window: memory stays bounded
                for stale in [k for k, v in self._hits.items() if v[-1] <= now - self.window]:
                    del self._hits[stale]
            return True
