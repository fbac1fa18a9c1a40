import threading
from collections import Counter

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import BaseCase, get_db_name, tagged

from .common import ScriptedProvider


@tagged("post_install", "-at_install")
class TestConcurrentDispatch(BaseCase):
    """Two dispatcher runs at once, each in its own thread with its own database connection
    and real commits, over the same 1,000 queued SMS: each SMS reaches the provider once."""

    COUNT = 1000

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.server = ScriptedProvider()
        self.server.default = lambda request: dict(ScriptedProvider.accept(request), delay=0.001)
        self.server.start()
        self.addCleanup(self.server.stop)
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["dura.sms.provider"].search([]).active = False
            self.provider_id = (
                env["dura.sms.provider"]
                .create(
                    {
                        "name": "Concurrency",
                        "kind": "http_json",
                        "url": self.server.url,
                        "json_batch_field": "messages",
                        "batch_size": 25,
                    }
                )
                .id
            )
            self.sms_ids = (
                env["sms.sms"]
                .create(
                    [
                        {"number": f"0599{i:06d}", "body": f"رسالة رقم {i}"}
                        for i in range(self.COUNT)
                    ]
                )
                .ids
            )
            cr.postcommit.clear()  # no cron trigger: the test runs the dispatchers itself
        self.addCleanup(self._cleanup)

    def cursor(self):
        return sql_db.db_connect(self.db).cursor()

    def _cleanup(self):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            uuids = env["sms.sms"].browse(self.sms_ids).exists().mapped("uuid")
            env["dura.sms.message"].search([("uuid", "in", uuids)]).unlink()
            env["sms.sms"].browse(self.sms_ids).exists().unlink()
            env["dura.sms.provider"].browse(self.provider_id).unlink()
            env["dura.sms.provider"].with_context(active_test=False).search([]).active = True

    def test_two_dispatchers_send_each_sms_once(self):
        errors = []
        barrier = threading.Barrier(2)

        # Environments are made here: the main thread holds the registry lock while post-install
        # tests run, and each worker uses its own connection.
        cursors = [self.cursor() for _ in range(2)]
        envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors]

        def run(env):
            try:
                barrier.wait(30)
                env["sms.sms"]._process_queue()
            except Exception as exc:  # reported below; a thread must not die silently
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(env,)) for env in envs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        for cr in cursors:
            cr.close()
        self.assertFalse(errors)
        counts = Counter(self.server.sent_ids())
        self.assertEqual(len(counts), self.COUNT, "every SMS was sent")
        self.assertEqual(max(counts.values()), 1, "no SMS was sent twice")
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sms = env["sms.sms"].browse(self.sms_ids)
            self.assertEqual(set(sms.mapped("state")), {"pending"})
            audit = env["dura.sms.message"].search([("uuid", "in", sms.mapped("uuid"))])
            self.assertEqual(len(audit), self.COUNT)
            self.assertEqual(set(audit.mapped("state")), {"accepted"})
