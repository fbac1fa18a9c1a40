from contextlib import suppress
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.common import assert_access_matrix

from ..models.dura_utility_collection_run_batch import DuraUtilityCollectionRun
from .collection_common import DuraCollectionCommon


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the run catches it."""


@tagged("post_install", "-at_install")
class TestCollectionRunBatches(DuraCollectionCommon):
    def test_resumed_after_a_crash(self):
        """A worker killed in the second batch: the first batch is committed (its bills at
        their level), the second rolled back; the cron resumes after the last committed bill
        and every bill gets its notice and fee once."""
        bills = self._bills(5)  # due 40 days ago: today's run sends their notice
        Run = self.env["dura.utility.collection.run"]
        self.env["ir.config_parameter"].sudo().set_param(
            "dura_utility_billing.collection_batch_size", 2
        )
        collect = DuraUtilityCollectionRun._collect_next_batch
        calls = []

        def killed_in_second_batch(self_run):
            calls.append(self_run)
            if len(calls) == 2:
                raise WorkerKilled
            return collect(self_run)

        with (
            patch.object(DuraUtilityCollectionRun, "_collect_next_batch", killed_in_second_batch),
            suppress(WorkerKilled),
        ):
            Run._cron_collect()
        run = Run.search([("company_id", "=", self.env.company.id), ("date", "=", self.today)])
        self.assertEqual(run.state, "running")
        self.assertEqual(run.last_move_id, bills[1].id)
        self.assertEqual(len(run.line_ids), 2)

        Run._cron_collect()  # the restarted worker
        self.assertEqual(run.state, "done")
        self.assertEqual(run.line_ids.move_id, bills)
        self.assertEqual(run.batch_count, 3)
        self.assertEqual(len(bills.dura_fee_ids), 5)
        self.assertEqual(run.notice_count, 5)

    def test_failing_batch_rolled_back_and_restarted(self):
        bills = self._bills(3)
        run = self.env["dura.utility.collection.run"].create(
            {"date": self.due + timedelta(days=7), "batch_size": 2}
        )
        invoice = DuraUtilityCollectionRun._invoice_late_fees
        calls = []

        def fails_once(self_run, plan):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("journal locked")
            return invoice(self_run, plan)

        logger = "odoo.addons.dura_utility_billing.models.dura_utility_collection_run"
        with (
            patch.object(DuraUtilityCollectionRun, "_invoice_late_fees", fails_once),
            mute_logger(logger),
        ):
            run.action_run_now()
        self.assertEqual(run.state, "failed")
        self.assertIn("journal locked", run.error_message)
        self.assertEqual(run.line_ids.move_id, bills[:2])
        self.assertFalse(bills[2].dura_fee_ids)
        run.action_run_now()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.line_ids.move_id, bills)
        self.assertEqual(len(bills.dura_fee_ids), 3)

    def test_cron_creates_one_run_per_company_and_day(self):
        self._bills(2)
        Run = self.env["dura.utility.collection.run"]
        Run._cron_collect()
        Run._cron_collect()
        runs = Run.search([("company_id", "=", self.env.company.id), ("date", "=", self.today)])
        self.assertEqual(len(runs), 1)
        self.assertEqual(runs.state, "done")


@tagged("post_install", "-at_install")
class TestCollectionAccess(DuraCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {"company_id": cls.env.company.id, "company_ids": [(6, 0, cls.env.company.ids)]}
        cls.officer = new_test_user(
            cls.env, "col_officer", groups="dura_utility_billing.group_utility_officer", **company
        )
        cls.finance = new_test_user(
            cls.env,
            "col_finance",
            groups="dura_utility_billing.group_utility_finance_manager",
            **company,
        )

    def test_matrix_of_the_new_models(self):
        """The finance manager beside the utility office and the meter reader, on the
        collection's models (the suite's matrix in dura_municipal_requests_utility has the
        other roles)."""
        reader = new_test_user(
            self.env,
            "col_reader",
            groups="dura_utility_billing.group_meter_reader",
            company_id=self.env.company.id,
        )
        matrix = {
            "dura.utility.collection.policy": {"officer": "r", "finance": "rwcu"},
            "dura.utility.collection.level": {"officer": "r", "finance": "rwcu"},
            "dura.utility.collection.run": {"officer": "rwc", "finance": "rwcu"},
            "dura.utility.collection.line": {"officer": "rwc", "finance": "rwc"},
            "dura.utility.service.order": {"officer": "rwc", "finance": "rwc", "reader": "r"},
            "dura.utility.fee.waive.wizard": {"finance": "rwc"},
        }
        users = {"officer": self.officer, "finance": self.finance, "reader": reader}
        assert_access_matrix(self, matrix, users)

    def test_officer_reads_but_cannot_edit_the_policy(self):
        policy = self.water_policy.with_user(self.officer)
        self.assertEqual(policy.level_ids.mapped("name")[0], "Reminder")
        with self.assertRaises(AccessError):
            policy.write({"reconnection_fee": 0})
        with self.assertRaises(AccessError):
            policy.level_ids[1].write({"fee_percent": 50})
        with self.assertRaises(AccessError):
            self.env["dura.utility.collection.policy"].with_user(self.officer).create(
                {"name": "Mine", "utility": "water"}
            )
        self.water_policy.with_user(self.finance).write({"reconnection_fee": 60})
        self.assertEqual(self.water_policy.reconnection_fee, 60)

    def test_only_the_finance_manager_waives_a_fee(self):
        bill = self._bills()
        self._collect(7)
        fee = bill.dura_fee_ids
        with self.assertRaises(AccessError):
            fee.with_user(self.officer)._dura_waive_fee("friend of mine")
        with self.assertRaises(AccessError):
            self.env["dura.utility.fee.waive.wizard"].with_user(self.officer).create(
                {"move_id": fee.id, "reason": "friend of mine"}
            )
        self.assertEqual(fee.payment_state, "not_paid")

        wizard = (
            self.env["dura.utility.fee.waive.wizard"]
            .with_user(self.finance)
            .create({"move_id": fee.id, "reason": "Meter reader's error, bill reissued"})
        )
        wizard.action_waive()
        self.assertEqual(fee.payment_state, "reversed")
        self.assertEqual(fee.dura_fee_waive_reason, "Meter reader's error, bill reissued")
        self.assertIn("Meter reader", bill.message_ids[0].body)
        self.assertFalse(bill.dura_fee_ids.reversal_move_ids.dura_fee_kind)
        with self.assertRaisesText(UserError, "already (partly) paid"):
            fee.with_user(self.finance)._dura_waive_fee("twice")

    def test_officer_runs_collection_and_marks_calls(self):
        nobody = self.env["res.partner"].create({"name": "No phone"})
        bill = self._bills(partner=nobody)
        for days in (7, 21, 30):
            run = (
                self.env["dura.utility.collection.run"]
                .with_user(self.officer)
                .create({"date": self.due + timedelta(days=days)})
            )
            run.action_run_now()
        step = run.line_ids
        self.assertEqual(step.call_state, "pending")
        step.with_user(self.officer).action_mark_informed()
        self.assertEqual(step.order_id.subscription_id, bill.dura_subscription_id)
