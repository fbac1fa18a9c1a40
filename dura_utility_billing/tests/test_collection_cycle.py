from odoo.tests import tagged

from .collection_common import DuraCollectionCommon


@tagged("post_install", "-at_install")
class TestCollectionCycle(DuraCollectionCommon):
    def test_overdue_to_reconnection(self):
        """overdue -> reminder -> notice with fee -> final notice (delivered) -> disconnection
        order -> executed -> bill paid -> reconnection order with its fee -> executed."""
        bill = self._bills()
        subscription = bill.dura_subscription_id
        self.assertAlmostEqual(bill.amount_residual, 224.0)

        run = self._collect(-3)
        self.assertEqual(self._levels(bill), ["Reminder"])
        self.assertEqual(run.reminder_count, 1)
        self.assertEqual(run.line_ids.sms_outcome, "queued")
        self.assertIn("reminder", run.line_ids.move_id.message_ids[0].body)

        run = self._collect(7)
        self.assertEqual(self._levels(bill), ["Overdue notice"])
        self.assertEqual((run.notice_count, run.fee_count), (1, 1))
        fee = bill.dura_fee_ids
        self.assertEqual(len(fee), 1)
        self.assertAlmostEqual(fee.amount_total, 4.48)  # 2 % of 224.00
        self.assertEqual((fee.state, fee.dura_fee_kind), ("posted", "late"))
        self.assertEqual(fee.dura_subscription_id, subscription)
        self.assertEqual(
            fee.invoice_line_ids.product_id, self.env.ref("dura_utility_billing.product_late_fee")
        )
        self.assertIn("Overdue notice: 1", run.summary)

        run = self._collect(21)
        self.assertEqual(self._levels(bill), ["Final notice"])
        self._dispatch()
        final = run.line_ids
        final.invalidate_recordset()
        self.assertEqual(final.sms_delivery, "delivered")

        run = self._collect(30)
        self.assertEqual(self._levels(bill), ["Disconnection"])
        self.assertEqual((run.disconnect_count, run.order_count, run.call_count), (1, 1, 0))
        order = run.line_ids.order_id
        self.assertEqual((order.kind, order.state), ("disconnect", "open"))
        self.assertEqual(order.subscription_id, subscription)
        self.assertAlmostEqual(order.amount_due, 224.0)
        self.assertEqual(order.meter_number, subscription.meter_number)
        self.assertTrue(order.activity_ids)

        # the field team goes out: date and reading
        order.write({"date_done": self.today, "reading_value": subscription.last_reading_value})
        order.action_execute()
        self.assertEqual(subscription.state, "disconnected")
        self.assertFalse(order.activity_ids)

        # nothing more to do at the last level
        run = self._collect(40)
        self.assertEqual(run.line_count, 0)

        # the citizen pays the bill at the counter: reconnection ordered with its fee
        self._pay(bill)
        reconnect = subscription.service_order_ids.filtered(lambda o: o.kind == "reconnect")
        self.assertEqual(len(reconnect), 1)
        self.assertEqual(reconnect.state, "open")
        self.assertAlmostEqual(reconnect.fee_move_id.amount_total, 50.0)
        self.assertEqual(reconnect.fee_move_id.dura_fee_kind, "reconnection")
        reconnect.write({"date_done": self.today, "reading_value": order.reading_value})
        reconnect.action_execute()
        self.assertEqual(subscription.state, "active")

        # each step texted the citizen: reminder, notice, final, disconnection ordered,
        # disconnected, reconnection ordered, reconnected
        order_sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "in", (order | reconnect).message_ids.ids)])
        )
        self.assertEqual(len(order_sms), 4)
        self.assertTrue(all(subscription.meter_number in sms.body for sms in order_sms))
        self.assertIn("50.00", " ".join(order_sms.mapped("body")))
        self.assertEqual(len(bill.dura_collection_line_ids), 4, "one step per level, none repeated")

    def test_paid_before_the_team_goes_cancels_the_order(self):
        bill = self._bills()
        for days in (7, 21):
            self._collect(days)
            self._dispatch()
        run = self._collect(30)
        order = run.line_ids.order_id
        self.assertEqual(order.state, "open")
        self._pay(bill)
        self.assertEqual(order.state, "cancelled")
        self.assertEqual(bill.dura_subscription_id.state, "active")
        self.assertFalse(
            bill.dura_subscription_id.service_order_ids.filtered(lambda o: o.kind == "reconnect")
        )

    def test_settled_by_plan_hook(self):
        """The payment plan's entry point reconnects without payment."""
        bill = self._bills()
        for days in (7, 21):
            self._collect(days)
            self._dispatch()
        order = self._collect(30).line_ids.order_id
        order.write({"date_done": self.today, "reading_value": 999})
        order.action_execute()
        subscription = bill.dura_subscription_id
        orders = subscription._dura_collection_settled()
        self.assertEqual(orders.kind, "reconnect")
        self.assertFalse(subscription._dura_collection_settled(), "never two reconnections")
