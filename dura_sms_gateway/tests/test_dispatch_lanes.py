from contextlib import suppress
from unittest.mock import patch

from odoo.tests import tagged

from ..models import sms_sms
from ..models.sms_sms_dispatch import SmsSms
from .common import DuraSmsCase


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the dispatch catches it (make soak kills real processes)."""


@tagged("post_install", "-at_install")
class TestDispatchLanes(DuraSmsCase):
    """The queue cron and the optional second dispatch lane: new SMS wake every active lane,
    and a run that leaves SMS behind (more than Odoo's queue takes per run) asks the cron to
    run again at once instead of at its next hourly call."""

    def test_new_sms_wake_every_active_lane(self):
        stock = self.env.ref("sms.ir_cron_sms_scheduler_action")
        lane = self.env.ref("dura_sms_gateway.ir_cron_dura_sms_lane")
        self.make_provider(self.start_server())
        Trigger = self.env["ir.cron.trigger"]
        # the hook opens its own cursor: let it be this test's transaction
        self.registry.enter_test_mode(self.env.cr)
        self.addCleanup(self.registry.leave_test_mode)
        for active, woken in ((False, stock), (True, stock | lane)):
            lane.active = active
            before = Trigger.search([])
            self.env.cr.postcommit.clear()
            self.queue_sms(["0599123456"])
            # what the commit of the creating transaction does
            self.env.flush_all()
            self.env.cr.postcommit.run()
            self.assertEqual((Trigger.search([]) - before).cron_id, woken)

    def test_run_leaving_sms_behind_reports_progress(self):
        server = self.start_server()
        self.make_provider(server)
        self.queue_sms(["0599123456", "0599123457", "0599123458"])
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        Sms = self.env["sms.sms"]
        # the wiring, with the page made small: Odoo's is 10,000 SMS per run
        with patch.object(sms_sms, "QUEUE_PAGE", 2):
            _cron, progress = cron._add_progress()
            Sms.with_context(ir_cron_progress_id=progress.id)._process_queue()
            self.assertEqual((progress.done, progress.remaining), (2, 1), "run again at once")
            _cron, progress = cron._add_progress()
            Sms.with_context(ir_cron_progress_id=progress.id)._process_queue()
            self.assertEqual((progress.done, progress.remaining), (1, 0), "then done")
        self.assertEqual(len(server.sent_ids()), 3)

    def test_run_where_providers_took_nothing_is_not_repeated(self):
        """A provider that is down fails the page it was given; reporting that page as progress
        would have Odoo run the queue again at once, failing ten pages a tick."""
        server = self.start_server()
        server.default = lambda request: {"status": 503, "body": "maintenance"}
        self.make_provider(server, max_attempts=1)
        self.queue_sms(["0599123456", "0599123457", "0599123458"])
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        with patch.object(sms_sms, "QUEUE_PAGE", 2):
            _cron, progress = cron._add_progress()
            self.env["sms.sms"].with_context(ir_cron_progress_id=progress.id)._process_queue()
        failed = self.env["sms.sms"].search([("state", "=", "error")])
        self.assertEqual(len(failed), 2, "the page was tried and failed")
        self.assertEqual((progress.done, progress.remaining), (0, 1), "not run again at once")
        queued = self.env["sms.sms"].search([("state", "=", "outgoing")])
        self.assertEqual(queued.mapped("number"), ["0599123456"], "the oldest waits")

    def test_progress_reported_with_each_batch(self):
        """A queue cron killed mid-dispatch has reported the batches it committed, so Odoo
        runs it again at once instead of shelving it as hung after three kills."""
        server = self.start_server()
        self.make_provider(server)
        self.env["ir.config_parameter"].set_param("dura_sms.dispatch_batch_size", 2)
        self.queue_sms(["0599123456", "0599123457", "0599123458", "0599123459", "0599123460"])
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        send_claimed = SmsSms._dura_send_claimed
        calls = []

        def killed_in_second_batch(batch, unlink_sent=True):
            calls.append(batch)
            if len(calls) == 2:
                raise WorkerKilled
            return send_claimed(batch, unlink_sent=unlink_sent)

        _cron, progress = cron._add_progress()
        with (
            patch.object(SmsSms, "_dura_send_claimed", killed_in_second_batch),
            suppress(WorkerKilled),  # not assertRaises: Odoo's rolls back what the block did
        ):
            self.env["sms.sms"].with_context(ir_cron_progress_id=progress.id)._process_queue()
        self.assertEqual(len(calls), 2, "killed in the second batch")
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        self.assertEqual(len(server.sent_ids()), 2)
