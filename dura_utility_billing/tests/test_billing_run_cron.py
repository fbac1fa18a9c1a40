from contextlib import suppress
from unittest.mock import patch

from odoo.tests import tagged

from ..models.dura_utility_billing_run_invoice import DuraUtilityBillingRun
from .common import DuraUtilityCommon


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the run catches it (make soak kills real processes)."""


@tagged("post_install", "-at_install")
class TestBillingRunCronProgress(DuraUtilityCommon):
    def test_progress_reported_with_each_batch(self):
        """The cron learns of every committed batch: a worker killed mid-run has made progress,
        so Odoo resumes the job at once instead of shelving it as hung after three kills."""
        subscriptions = self._subscriptions(5, "electricity")
        self._read(subscriptions, [100, 200, 300, 400, 500])
        run = self._run("electricity", batch_size=2)
        run.action_start()
        cron = self.env.ref("dura_utility_billing.ir_cron_dura_utility_billing_run")
        Run = self.env["dura.utility.billing.run"]
        bill_next_batch = DuraUtilityBillingRun._bill_next_batch
        calls = []

        def killed_in_second_batch(self_run):
            calls.append(self_run)
            if len(calls) == 2:
                raise WorkerKilled
            return bill_next_batch(self_run)

        _cron, progress = cron._add_progress()
        with (
            patch.object(DuraUtilityBillingRun, "_bill_next_batch", killed_in_second_batch),
            suppress(WorkerKilled),  # not assertRaises: Odoo's rolls back what the block did
        ):
            Run.with_context(ir_cron_progress_id=progress.id)._cron_process_runs()
        self.assertEqual(len(calls), 2, "killed in the second batch")
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        self.assertEqual(run.state, "running")

        _cron, progress = cron._add_progress()  # the restarted worker's call
        Run.with_context(ir_cron_progress_id=progress.id)._cron_process_runs()
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        self.assertEqual(run.state, "done")
        self.assertEqual(run.bill_ids.subscription_id, subscriptions)
