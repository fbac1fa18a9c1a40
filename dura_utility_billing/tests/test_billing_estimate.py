from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DuraUtilityCommon


@tagged("post_install", "-at_install")
class TestBillingEstimate(DuraUtilityCommon):
    """A subscription left without a reading is billed on an estimate (its own average, else
    its tariff's), marked estimated on the bill and in the SMS; the next reading taken on the
    meter trues it up exactly, also when the estimate was too high."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["res.users"])
        # five months back to last month: three read, then estimated, then read again
        cls.months = [today.replace(day=1) - relativedelta(months=n) for n in (5, 4, 3, 2, 1)]
        cls.water_tariff.date_from = cls.months[0] - relativedelta(years=1)
        cls.sub = cls._subscriptions(1, partner=cls.citizen_ar)
        for month, value in zip(cls.months[:3], (110, 130, 160), strict=True):
            cls._read(cls.sub, value, date=cls._end(month))

    @staticmethod
    def _end(month):
        return month + relativedelta(months=1, days=-1)

    def _run_month(self, month, **vals):
        run = self._run(period=month.strftime("%Y-%m"), date=self._end(month), **vals)
        run.action_run_now()
        self.assertEqual(run.state, "done", run.error_message)
        return run

    def _bill(self, run):
        return run.bill_ids.filtered(lambda bill: bill.subscription_id == self.sub)

    def test_estimate_from_history_marked_on_bill_and_sms(self):
        self.env["dura.sms.provider"].sudo().create({"name": "Sandbox", "kind": "sandbox"})
        run = self._run_month(self.months[3])
        bill = self._bill(run)
        # 110, 130, 160 from 0: consumptions 110, 20, 30 -> average 53.333
        self.assertTrue(bill.estimated)
        self.assertAlmostEqual(bill.consumption, 53.333, places=3)
        self.assertAlmostEqual(bill.reading_id.value, 213.333, places=3)
        self.assertTrue(bill.move_id.dura_estimated)
        self.assertEqual(run.estimated_count, 1)
        sms = self.env["sms.sms"].search(
            [("dura_res_model", "=", "account.move"), ("dura_res_id", "=", bill.move_id.id)]
        )
        self.assertIn("(قراءة تقديرية)", sms.body)
        # the printed bill says so, in Arabic
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dura_utility_billing.action_report_utility_bill", bill.move_id.ids)[
                0
            ]
            .decode()
        )
        self.assertIn("تقديرية", html)

    def test_history_limited_to_the_setting(self):
        self.env.company.dura_estimate_periods = 2
        bill = self._bill(self._run_month(self.months[3]))
        self.assertAlmostEqual(bill.consumption, 25.0, places=3)  # (20 + 30) / 2

    def test_tariff_estimate_without_history_else_not_billed(self):
        new, bare = self._subscriptions(2)
        run = self._run_month(self.months[3])
        self.assertNotIn(new, run.bill_ids.subscription_id, "no history, no tariff estimate")
        self.assertIn(bare, run.missing_subscription_ids)
        self.water_tariff.estimate_consumption = 15
        run = self._run_month(self.months[4])
        self.assertEqual(
            run.bill_ids.filtered(lambda b: b.subscription_id == new).consumption, 15.0
        )

    def test_run_without_estimates_leaves_them_unbilled(self):
        run = self._run_month(self.months[3], estimate_missing=False)
        self.assertFalse(self._bill(run))
        self.assertIn(self.sub, run.missing_subscription_ids)

    def test_lower_estimate_trued_up_by_the_next_reading(self):
        self._bill(self._run_month(self.months[3]))  # estimated at 213.333
        self._read(self.sub, 250, date=self._end(self.months[4]))
        bill = self._bill(self._run_month(self.months[4]))
        self.assertFalse(bill.estimated)
        self.assertAlmostEqual(bill.consumption, 36.667, places=3)
        # units billed since the last reading taken on the meter: exactly what it counted
        self.assertAlmostEqual(sum(self.sub.bill_ids.mapped("consumption")), 250 - 160, places=3)

    def test_higher_estimate_returned_at_its_tariff_price(self):
        """Estimated 53.333 m3 (213.333), the meter then shows 190: 23.333 m3 too many. The
        estimate's bill charged 110 + 144 + 126.66 for its blocks; re-priced at 30 m3 it would
        have been 110 + 72: 198.66 is returned."""
        estimate = self._bill(self._run_month(self.months[3]))
        self._read(self.sub, 190, date=self._end(self.months[4]))
        bill = self._bill(self._run_month(self.months[4]))
        move = bill.move_id
        self.assertAlmostEqual(bill.consumption, -23.333, places=3)
        returned = move.invoice_line_ids.filtered(
            lambda line: line.dura_bill_line_kind == "estimate"
        )
        self.assertEqual(returned.dura_estimate_period, estimate.period)
        self.assertAlmostEqual(returned.dura_estimate_units, 23.333, places=3)
        # fixed charge 42 less 175.67 returned: the bill is brought to zero, 156.66 carried
        self.assertEqual(move.amount_total, 0.0)
        self.assertAlmostEqual(bill.estimate_credit_carried, 156.66, places=2)
        self.assertAlmostEqual(self.sub.carry_forward_remaining, 156.66, places=2)
        # what the three bills cost is the tariff of what the meter counted month by month
        # had the estimate been 30: (20 x 5.5 + 10 x 7.2 + 42) + 42 + next month's
        today = fields.Date.context_today(self.sub)
        self._read(self.sub, 220, date=today)
        run = self._run(period=today.strftime("%Y-%m"), date=today)
        run.action_run_now()
        last = self._bill(run)
        self.assertAlmostEqual(last.credit_applied, 156.66, places=2)
        total = sum(
            self.sub.bill_ids.filtered(lambda b: b.period >= estimate.period).mapped(
                "amount_billed"
            )
        )
        expected = (20 * 5.5 + 10 * 7.2 + 42) + 42 + (20 * 5.5 + 10 * 7.2 + 42)
        self.assertAlmostEqual(total, expected, places=2)
        self.assertAlmostEqual(self.sub.carry_forward_remaining, 0.0, places=2)
        # the printed bill names the estimate returned, in Arabic
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dura_utility_billing.action_report_utility_bill", move.ids)[0]
            .decode()
        )
        self.assertIn(estimate.period, html)

    def test_below_a_reading_taken_on_the_meter_still_refused(self):
        with self.assertRaisesText(ValidationError, "below the previous reading"):
            self._read(self.sub, 150, date=self._end(self.months[3]))

    @mute_logger("odoo.addons.dura_utility_billing.models.dura_utility_billing_run")
    def test_below_the_last_actual_index_interrupts_the_run(self):
        self._run_month(self.months[3])  # estimated at 213.333
        self._read(self.sub, 150, date=self._end(self.months[4]))  # below 160, read before
        run = self._run(period=self.months[4].strftime("%Y-%m"), date=self._end(self.months[4]))
        run.action_run_now()
        self.assertEqual(run.state, "failed")
        self.assertIn("below its last reading taken on the meter", run.error_message)
