from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import DuraUtilityCommon

# (consumption, expected bill) by hand; the same figures as test_tariff_rounding.py
WATER_CASES = [
    (0.001, 42.01),  # 0.0055 -> 0.01
    (19.999, 151.99),  # 109.9945 -> 109.99
    (20.0, 152.00),  # edge of block 1
    (20.001, 152.01),  # 110 + 0.0072 -> 0.01
    (20.005, 152.04),  # 110 + 0.036 -> 0.04 (2-decimal quantities: 152.07)
    (39.999, 295.99),  # 110 + 143.9928 -> 143.99
    (40.001, 296.01),  # 110 + 144 + 0.0095 -> 0.01
    (37.777, 279.99),  # 110 + 127.9944 -> 127.99
    (123.456, 1200.93),  # 1114 + 44.928 -> 44.93
]
ELECTRICITY_CASES = [
    (159.999, 78.40),
    (160.010, 78.41),  # + 0.0053 -> 0.01 (2-decimal quantities: 78.41 too)
    (160.005, 78.40),  # + 0.00265 -> 0.00 (2-decimal quantities: 0.01 -> 78.41)
    (250.5, 126.42),  # 78.40 + 47.70 + 0.315 -> 0.32
    (333.333, 178.60),  # 78.40 + 47.70 + 52.49979 -> 52.50
    (1234.567, 804.80),  # 78.40 + 47.70 + 94.50 + 584.1969 -> 584.20
]


@tagged("post_install", "-at_install")
class TestBillAmounts(DuraUtilityCommon):
    """Posted bills carry the meter's quantities to the thousandth and total the tariff's
    arithmetic exactly: one rounding per line, to the agora, half away from zero."""

    def _bill(self, utility, cases):
        subscriptions = self._subscriptions(len(cases), utility)
        self._read(subscriptions, [consumption for consumption, _total in cases])
        run = self._run(utility)
        run.action_run_now()
        self.assertEqual(run.state, "done", run.error_message)
        return {s: s.bill_ids for s in subscriptions}, subscriptions, run

    def test_quantity_precision_is_the_meters(self):
        line_quantity = self.env["account.move.line"]._fields["quantity"]
        self.assertEqual(line_quantity.get_digits(self.env)[1], 3)

    def test_water_bills_at_block_edges_and_odd_quantities(self):
        bills, subscriptions, run = self._bill("water", WATER_CASES)
        for subscription, (consumption, total) in zip(subscriptions, WATER_CASES, strict=True):
            move = bills[subscription].move_id
            with self.subTest(consumption=consumption):
                self.assertEqual(move.amount_total, total)
                self.assertEqual(bills[subscription].consumption, consumption)
                blocks = move.invoice_line_ids[:-1]  # the last line is the fixed charge
                self.assertEqual(round(sum(blocks.mapped("quantity")), 3), consumption)
        self.assertAlmostEqual(run.amount_billed, sum(total for _c, total in WATER_CASES))

    def test_line_quantities_exact_to_the_thousandth(self):
        bills, subscriptions, _run = self._bill("water", [(20.005, 152.04)])
        move = bills[subscriptions].move_id
        self.assertEqual(
            [(ln.quantity, ln.price_unit, ln.price_subtotal) for ln in move.invoice_line_ids],
            [(20.0, 5.5, 110.0), (0.005, 7.2, 0.04), (1.0, 42.0, 42.0)],
        )
        self.assertEqual(move.amount_untaxed, 152.04)
        self.assertEqual(move.amount_residual, 152.04)

    def test_electricity_bills_at_block_edges_and_odd_quantities(self):
        bills, subscriptions, _run = self._bill("electricity", ELECTRICITY_CASES)
        for subscription, (consumption, total) in zip(
            subscriptions, ELECTRICITY_CASES, strict=True
        ):
            with self.subTest(consumption=consumption):
                self.assertEqual(bills[subscription].move_id.amount_total, total)

    def test_carried_credit_on_an_odd_quantity(self):
        card = self._subscriptions(1, "water", "prepaid")
        self._read(card, 5, date=self.previous_period_date)
        # 200.00 carried forward: the first bill, 20.005 m3 = 152.04, is paid by it in full;
        # the credit is the bill's rounded lines, never the unrounded 152.0375
        card.convert_to_postpaid(
            5,
            0,
            200.0,
            credit_policy="carry_forward",
            date=self.previous_period_date + relativedelta(days=1),
            new_meter_number="W-POST-1",
        )
        self._read(card, 20.005)
        self._run().action_run_now()
        move = card.bill_ids.move_id
        self.assertEqual(card.bill_ids.credit_applied, 152.04)
        self.assertEqual(move.invoice_line_ids[-1].price_unit, -152.04)
        self.assertEqual(move.amount_total, 0.0)
        self.assertEqual(move.payment_state, "paid")
        self.assertAlmostEqual(card.carry_forward_remaining, 47.96)

    def test_precision_cannot_go_below_the_meters(self):
        precision = self.env.ref("product.decimal_product_uom")
        with self.assertRaises(ValidationError):
            precision.digits = 2
        precision.digits = 4
        self.env["decimal.precision"]._dura_ensure_meter_quantity_digits()
        self.assertEqual(precision.digits, 4, "a finer precision is kept")

    @mute_logger("odoo.addons.dura_utility_billing.models.dura_utility_billing_run")
    def test_lowered_precision_interrupts_the_run(self):
        """Lowered behind the constraint's back (SQL), the run refuses to bill a rounded
        quantity rather than post a bill off by agorot."""
        self.addCleanup(self.env.registry.clear_cache)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE decimal_precision SET digits = 2 WHERE name = %s",
                "Product Unit of Measure",
            )
        )
        self.env.registry.clear_cache()
        subscription = self._subscriptions(1)
        self._read(subscription, 20.005)
        run = self._run()
        run.action_run_now()
        self.assertEqual(run.state, "failed")
        self.assertIn("does not match its tariff", run.error_message)
        self.assertFalse(subscription.bill_ids)
