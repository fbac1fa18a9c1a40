from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, tagged

from ..models.dura_utility_collection_run_batch import DuraUtilityCollectionRun
from .collection_common import DuraCollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionEdgeCases(DuraCollectionCommon):
    def test_partial_payment_keeps_collecting_the_rest(self):
        bill = self._bills()
        self._pay(bill, amount=124.0)
        self.assertEqual(bill.payment_state, "partial")
        run = self._collect(7)
        self.assertEqual(self._levels(bill), ["Overdue notice"])
        self.assertAlmostEqual(run.line_ids.amount_residual, 100.0)
        self.assertAlmostEqual(bill.dura_fee_ids.amount_total, 2.0)  # 2 % of what is left

    def test_payment_arriving_mid_run_is_seen_under_the_lock(self):
        """The cashier's payment lands between the run's search and its lock: the bill is
        checked again from the database once locked, and left alone."""
        paid, unpaid = self._bills(2)
        lock_rows = DuraUtilityCollectionRun._lock_rows
        test = self

        def payment_lands_first(run, ids):
            test._pay(paid)
            return lock_rows(run, ids)

        with patch.object(DuraUtilityCollectionRun, "_lock_rows", payment_lands_first):
            run = self._collect(7)
        self.assertEqual(run.checked_count, 2)
        self.assertEqual(run.skipped_count, 1)
        self.assertEqual(run.line_ids.move_id, unpaid)
        self.assertFalse(paid.dura_collection_level_id)
        self.assertFalse(paid.dura_fee_ids)

    def test_credit_note_that_pays_the_bill_stops_collection(self):
        bill, other = self._bills(2)
        self._collect(7)
        bill._reverse_moves([{"ref": "Meter misread"}], cancel=True)
        self.assertIn(bill.payment_state, ("reversed", "paid"))
        run = self._collect(21)
        self.assertEqual(run.line_ids.move_id, other)
        self.assertEqual(self._levels(bill), ["Overdue notice"])

    def test_two_utilities_each_with_its_policy(self):
        """One citizen, a water and an electricity subscription: each bill follows its own
        utility's policy (2 % on water, 10 fixed on electricity); a commercial tariff has its
        own policy, that wins over the utility's general one."""
        water = self._bills(1, "water", partner=self.citizen_ar)
        power = self._bills(1, "electricity", partner=self.citizen_ar, value=300)
        self.assertEqual(water.partner_id, power.partner_id)
        run = self._collect(7)
        self.assertEqual(run.notice_count, 2)
        self.assertAlmostEqual(water.dura_fee_ids.amount_total, 4.48)
        self.assertAlmostEqual(power.dura_fee_ids.amount_total, 10.0)
        self.assertEqual(power.dura_fee_ids.dura_subscription_id, power.dura_subscription_id)

        commercial = self.water_tariff.copy({"name": "Commercial water", "category": "commercial"})
        self._policy("water", fixed=25.0, category="commercial", name="Commercial water")
        shop = self._subscriptions(1, "water", tariff_id=commercial.id)
        self._read(shop, 30)
        run = self._run("water", date=self.due)
        run.date_due = self.due
        run.action_run_now()
        self._collect(8)
        self.assertAlmostEqual(run.bill_ids.move_id.dura_fee_ids.amount_total, 25.0)

    def test_citizen_without_mobile_gets_a_printed_notice_and_a_call(self):
        nobody = self.env["res.partner"].create({"name": "بلا هاتف", "lang": "ar_001"})
        bill = self._bills(partner=nobody)
        run = self._collect(7)
        line = run.line_ids
        self.assertEqual((line.sms_outcome, line.print_notice), ("no_mobile", True))
        self.assertEqual(run.print_count, 1)
        to_print = self.env["dura.utility.collection.line"].search(
            [("print_notice", "=", True), ("printed", "=", False)]
        )
        self.assertIn(line, to_print)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dura_utility_billing.action_report_collection_notice", line.ids)[0]
            .decode()
        )
        self.assertIn(bill.name, html)
        self.assertIn("إشعار", html)  # printed in the citizen's language
        self._collect(21)
        # disconnection: the last notice was never delivered -> call the citizen first
        run = self._collect(30)
        step = run.line_ids
        self.assertEqual((step.call_state, run.call_count, run.order_count), ("pending", 1, 0))
        self.assertFalse(bill.dura_subscription_id.service_order_ids)
        activity = bill.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("dura_utility_billing.mail_activity_collection_call")
        )
        self.assertEqual(len(activity), 1)
        step.action_mark_informed()
        self.assertEqual(step.call_state, "informed")
        self.assertEqual(step.order_id.kind, "disconnect")
        self.assertFalse(bill.activity_ids.filtered(lambda a: a == activity))

    def test_undelivered_final_notice_asks_for_a_call(self):
        bill = self._bills()
        self._collect(7)
        final = self._collect(21).line_ids
        self._dispatch()
        self.env["dura.sms.message"].sudo().search([("uuid", "=", final.sms_uuid)]).state = "failed"
        run = self._collect(30)
        self.assertEqual(run.line_ids.call_state, "pending")
        self.assertFalse(bill.dura_subscription_id.service_order_ids)

    def test_policy_changed_while_bills_are_at_a_level(self):
        """The finance manager inserts a second notice, renumbers and removes levels while a
        bill is at the notice: the bill goes on after the level it reached, never back."""
        bill = self._bills()
        self._collect(7)
        self.assertEqual(bill.dura_collection_sequence, 20)
        levels = {level.name: level for level in self.water_policy.level_ids}
        with Form(self.water_policy) as policy:
            policy.level_ids.remove(index=1)  # the overdue notice itself
        levels["Reminder"].sequence = 50  # renumbered after the bill's level: never sent late
        self.water_policy.level_ids = [
            Command.create(
                {"sequence": 25, "name": "Second notice", "delay": 14, "action": "notice"}
            )
        ]
        run = self._collect(14)
        self.assertEqual(self._levels(bill), ["Second notice"])
        self.assertEqual(run.line_ids.level_name, "Second notice")
        self._collect(21)
        self.assertEqual(self._levels(bill), ["Final notice"])
        self.assertEqual(
            bill.dura_collection_line_ids.mapped("level_name"),
            ["Final notice", "Second notice", "Overdue notice"],
        )
        self.assertFalse(
            bill.dura_collection_line_ids.filtered(lambda line: line.action == "reminder")
        )

    def test_nothing_noticed_twice(self):
        bills = self._bills(3)
        first = self._collect(7)
        self.assertEqual(first.notice_count, 3)
        again = self._collect(7)  # the same day once more
        self.assertEqual((again.checked_count, again.line_count), (3, 0))
        later = self._collect(10)  # no new level due yet
        self.assertEqual(later.line_count, 0)
        self.assertEqual(len(bills.dura_fee_ids), 3, "one fee per bill and level")
        # a bill found late gets the policy's days between the notices
        late = self._bills()
        run = self._collect(25)
        self.assertEqual(self._levels(late), ["Overdue notice"])
        self.assertEqual(self._levels(bills), ["Final notice"] * 3)
        self.assertEqual(run.line_count, 4)
        self.assertEqual(self._collect(26).line_count, 0)
        run = self._collect(39)  # 14 days after its notice, as the policy's notice -> final
        self.assertEqual(self._levels(late), ["Final notice"])
        self.assertEqual(self._levels(bills), ["Disconnection"] * 3)

    def test_holds_fees_and_top_ups_are_not_collected(self):
        disputed, plan, kept = self._bills(3)
        disputed.dura_collection_hold = "dispute"
        plan.dura_collection_hold = "plan"
        subscription = kept.dura_subscription_id
        opening = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": subscription.partner_id.id,
                "invoice_date": self.due,
                "invoice_date_due": self.due,
                "dura_subscription_id": subscription.id,
                "invoice_line_ids": [
                    Command.create({"name": "Opening balance", "quantity": 1, "price_unit": 80})
                ],
            }
        )
        opening.action_post()
        run = self._collect(7)
        self.assertEqual(run.line_ids.move_id, kept | opening)
        fees = (kept | opening).dura_fee_ids
        self.assertEqual(len(fees), 2)
        run = self._collect(21)
        self.assertEqual(run.line_ids.move_id, kept | opening, "fees are never collected")

    def test_unapproved_template_holds_the_level(self):
        bill = self._bills()
        template = self.env.ref("dura_utility_billing.sms_template_collection_notice")
        template.sudo().dura_approval_state = "draft"
        run = self._collect(7)
        self.assertEqual((run.line_count, run.held_level_count), (0, 1))
        self.assertFalse(bill.dura_fee_ids)
