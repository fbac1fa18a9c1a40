import time
from concurrent.futures import ThreadPoolExecutor

import requests

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import BaseCase, get_db_name, tagged

from odoo.addons.dura_municipality.tests.common import OdooServer, free_port


@tagged("post_install", "-at_install")
class TestRateLimitAcrossWorkers(BaseCase):
    """The callbacks' budget is one for the whole database: the two HTTP worker processes of a
    real ``odoo-bin --workers 2`` count on the same counters (dura_municipality's
    ``dura.rate.limit``)."""

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.addCleanup(self._cleanup)

    def cursor(self):
        return sql_db.db_connect(self.db).cursor()

    def _cleanup(self):
        with self.cursor() as cr:
            cr.execute("DELETE FROM dura_rate_limit WHERE scope = %s", ["dura_sms.callback"])
            cr.execute("DELETE FROM ir_config_parameter WHERE key = 'dura_sms.callback_rate_limit'")

    def test_two_odoo_worker_processes_share_one_budget(self):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param("dura_sms.callback_rate_limit", "10")
            # only HTTP workers are wanted: the crons stay out of the test database
            cr.execute("SELECT id FROM ir_cron WHERE active")
            active_crons = [row[0] for row in cr.fetchall()]
            cr.execute("UPDATE ir_cron SET active = FALSE WHERE id = ANY(%s)", [active_crons])

        def restore():
            with self.cursor() as cr:
                cr.execute("UPDATE ir_cron SET active = TRUE WHERE id = ANY(%s)", [active_crons])

        self.addCleanup(restore)
        port = free_port()
        server = OdooServer(
            self.db,
            f"--db-filter=^{self.db}$",
            "--workers=2",
            "--max-cron-threads=0",
            f"--http-port={port}",
        )
        with server:
            url = f"http://127.0.0.1:{port}/dura_sms/dlr/0/not-a-token"
            deadline = time.monotonic() + 120
            while True:  # the server is up when it answers (403: no such provider)
                try:
                    requests.get(url.replace("/dlr/", "/nothing/"), timeout=30)
                    break
                except requests.RequestException:
                    self.assertLess(time.monotonic(), deadline, "odoo-bin did not start")
                    time.sleep(0.5)

            def call(_index):
                # a new connection each time, so both worker processes answer
                with requests.Session() as session:
                    return session.post(url, json={}, timeout=30).status_code

            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(call, range(40)))
        self.assertNotIn(" ERROR ", server.output, server.output[-3000:])
        self.assertEqual(answers.count(403), 10, answers)
        self.assertEqual(answers.count(429), 30, answers)
        with self.cursor() as cr:
            cr.execute("SELECT SUM(hits) FROM dura_rate_limit WHERE scope = 'dura_sms.callback'")
            self.assertEqual(cr.fetchone()[0], 10)
