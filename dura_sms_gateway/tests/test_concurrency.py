import threading
import time
from collections import Counter

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tests import BaseCase, get_db_name, tagged

from odoo.addons.dura_municipality.tests.common import OdooServer, free_port

from .common import ScriptedProvider


@tagged("post_install", "-at_install")
class TestConcurrentDispatch(BaseCase):
    """Two dispatchers at once over the same 1,000 queued SMS, with real commits: two threads
    with their own database connections, then the two cron worker processes of a real
    ``odoo-bin --workers 2``. Each SMS reaches the provider once."""

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

    def _assert_sent_once(self):
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

    def test_two_odoo_worker_processes_send_each_sms_once(self):
        """The same queue drained by a real ``odoo-bin --workers 2 --max-cron-threads 2``: two
        cron worker processes run the two dispatch crons at once (multi-process mode)."""
        lanes = ("sms.ir_cron_sms_scheduler_action", "dura_sms_gateway.ir_cron_dura_sms_lane")
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            dispatchers = env["ir.cron"].browse([env.ref(xmlid).id for xmlid in lanes])
            # only the dispatchers run in the server started here: other crons stay out of the
            # test database
            others = env["ir.cron"].search([("id", "not in", dispatchers.ids)])
            dispatchers_active = dispatchers.filtered("active")
            others.active = False
            dispatchers.write({"active": True, "lastcall": False})
            for cron in dispatchers:
                cron._trigger()
            other_ids, active_ids = others.ids, dispatchers_active.ids
        started = fields.Datetime.now()

        def restore():
            with self.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["ir.cron"].browse(other_ids).active = True
                dispatchers = env["ir.cron"].browse([env.ref(xmlid).id for xmlid in lanes])
                (dispatchers - dispatchers.browse(active_ids)).active = False

        self.addCleanup(restore)
        server = OdooServer(
            self.db, "--workers=2", "--max-cron-threads=2", f"--http-port={free_port()}"
        )
        with server:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and server.running():
                with self.cursor() as cr:
                    cr.execute(
                        "SELECT count(*) FROM sms_sms WHERE id IN %s AND state = 'outgoing'",
                        [tuple(self.sms_ids)],
                    )
                    if not cr.fetchone()[0]:
                        break
                time.sleep(0.5)
        self.assertNotIn(" ERROR ", server.output, server.output[-3000:])
        self._assert_sent_once()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ran = env["ir.cron"].browse([env.ref(xmlid).id for xmlid in lanes]).mapped("lastcall")
            self.assertTrue(all(call and call >= started for call in ran), "both lanes ran")

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
        self._assert_sent_once()


@tagged("post_install", "-at_install")
class TestSlowBatchIsNotRecovered(BaseCase):
    """Both dispatch lanes on, a provider slower than ``dura_sms.interrupted_minutes``: the
    second lane's start-of-run recovery must leave the batch the first is still sending."""

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.server = ScriptedProvider()
        self.server.default = lambda request: dict(ScriptedProvider.accept(request), delay=4)
        self.server.start()
        self.addCleanup(self.server.stop)
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["dura.sms.provider"].search([]).active = False
            self.provider_id = (
                env["dura.sms.provider"]
                .create(
                    {
                        "name": "Slow",
                        "kind": "http_json",
                        "url": self.server.url,
                        "json_batch_field": "messages",
                        "timeout": 30,
                    }
                )
                .id
            )
            # every batch in flight for a second counts as interrupted
            env["ir.config_parameter"].set_param("dura_sms.interrupted_minutes", "0")
            self.sms_ids = (
                env["sms.sms"]
                .create([{"number": f"059912345{i}", "body": f"فاتورة {i}"} for i in range(3)])
                .ids
            )
            cr.postcommit.clear()
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
            env["ir.config_parameter"].search(
                [("key", "=", "dura_sms.interrupted_minutes")]
            ).unlink()

    def test_second_lane_leaves_a_slow_batch_alone(self):
        errors = []
        cursors = [self.cursor() for _ in range(2)]
        envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors]

        def run(env):
            try:
                env["sms.sms"]._process_queue()
                env.cr.commit()  # as the cron does at the end of a run
            except Exception as exc:  # reported below; a thread must not die silently
                errors.append(exc)
                env.cr.rollback()

        first = threading.Thread(target=run, args=(envs[0],))
        first.start()
        deadline = time.monotonic() + 30
        while not self.server.requests:  # the batch is with the provider
            self.assertLess(time.monotonic(), deadline, "the first lane never sent")
            time.sleep(0.1)
        time.sleep(1.5)  # the batch is now older than the interrupted limit
        second = threading.Thread(target=run, args=(envs[1],))
        second.start()
        second.join(60)
        first.join(60)
        for cr in cursors:
            cr.close()
        self.assertFalse(errors)
        counts = Counter(self.server.sent_ids())
        self.assertEqual(len(counts), 3, "every SMS was sent")
        self.assertEqual(max(counts.values()), 1, "no SMS was sent twice")
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            audit = env["dura.sms.message"].search(
                [("uuid", "in", env["sms.sms"].browse(self.sms_ids).mapped("uuid"))]
            )
            self.assertEqual(audit.mapped("state"), ["accepted"] * 3)
            self.assertFalse(any(audit.mapped("last_error")), "none failed as possibly sent")
