import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import BaseCase, TransactionCase, get_db_name, tagged

from ..tools.rate_limit import RateLimiter


@tagged("post_install", "-at_install")
class TestRateLimit(TransactionCase):
    """The shared counters, with the database clock set by the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the counters' own cursor is then the test's: nothing is committed
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def setUp(self):
        super().setUp()
        self.now = 16_667 * 60 + 20.0  # 20 s into a 60 s window
        model = type(self.env["dura.rate.limit"])
        clock = patch.object(model, "_now", lambda _self, _cr: self.now)
        clock.start()
        self.addCleanup(clock.stop)
        self.limiter = RateLimiter("test.scope", window=60, limit=2)

    def test_limit_window_and_retry_after(self):
        env = self.env
        self.assertEqual(self.limiter.hit(env, "a"), (True, 0))
        self.assertEqual(self.limiter.hit(env, "a"), (True, 0))
        self.assertTrue(self.limiter.is_blocked(env, "a"))
        self.assertEqual(self.limiter.hit(env, "a"), (False, 40), "until the window ends")
        self.assertEqual(self.limiter.hit(env, "b"), (True, 0), "keys are counted apart")
        other = RateLimiter("test.other", window=60, limit=2)
        self.assertEqual(other.hit(env, "a"), (True, 0), "scopes are counted apart")
        self.assertEqual(self.limiter.hit(env, "a", limit=0), (True, 0), "0 = no limit")
        # the next window still carries the previous one's hits, weighted by what is left of it
        self.now += 50  # 10 s into the next window: 2 * 50/60 = 1.67 previous hits
        self.assertTrue(self.limiter.is_blocked(env, "a"))
        self.assertFalse(self.limiter.hit(env, "a")[0], "a burst at the edge is not doubled")
        self.now += 25  # 35 s in: 2 * 25/60 = 0.83
        self.assertEqual(self.limiter.hit(env, "a"), (True, 0), "the window slid")
        self.assertFalse(self.limiter.hit(env, "a")[0])
        self.limiter.reset(env, "a")
        self.assertFalse(self.limiter.is_blocked(env, "a"))
        self.limiter.reset(env)
        counts = env["dura.rate.limit"].search([("scope", "=", "test.scope")])
        self.assertFalse(counts)

    def test_refused_hits_are_not_counted(self):
        for _ in range(5):
            self.limiter.hit(self.env, "a")
        bucket = self.env["dura.rate.limit"].search([("scope", "=", "test.scope")])
        self.assertEqual(bucket.hits, 2)

    def test_old_buckets_are_collected(self):
        self.limiter.hit(self.env, "a")
        self.env["dura.rate.limit"].sudo().create(
            {"scope": "test.scope", "key": "old", "window_start": 60, "hits": 3}
        )
        self.env["dura.rate.limit"]._gc_old_buckets()
        left = self.env["dura.rate.limit"].search([("scope", "=", "test.scope")])
        self.assertEqual(left.mapped("key"), ["a"])


@tagged("post_install", "-at_install")
class TestRateLimitAcrossWorkers(BaseCase):
    """The budget is one for the whole database: threads with their own connections (the HTTP
    worker processes of a real ``odoo-bin --workers 2``: dura_sms_gateway's callback test)."""

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.addCleanup(self._cleanup)

    def cursor(self):
        return sql_db.db_connect(self.db).cursor()

    def _cleanup(self):
        with self.cursor() as cr:
            cr.execute("DELETE FROM dura_rate_limit WHERE scope LIKE %s", ["test.%"])

    def test_concurrent_connections_share_one_budget(self):
        barrier = threading.Barrier(4)
        allowed, errors = [], []
        # Environments are made here: the main thread holds the registry lock while post-install
        # tests run, and each thread uses its own connection.
        cursors = [self.cursor() for _ in range(4)]
        envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors]
        limiter = RateLimiter("test.threads", window=3600, limit=30)

        def run(env):
            try:
                barrier.wait(30)
                allowed.extend(limiter.allow(env, "10.0.0.1") for _ in range(20))
            except Exception as error:  # reported by the assertion below
                errors.append(error)

        threads = [threading.Thread(target=run, args=(env,)) for env in envs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        for cr in cursors:
            cr.close()
        self.assertFalse(errors)
        self.assertEqual(len(allowed), 80)
        self.assertEqual(allowed.count(True), 30, "80 hits from 4 connections, 30 allowed")
