from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPaymentPlanTour(HttpCase):
    """The utility officer (demo login ``utility``, only that role's groups) agrees a payment
    plan at the counter on the demo data and prints it."""

    def test_utility_office_agrees_a_plan(self):
        officer = self.env.ref("dura_utility_billing.user_utility_officer")
        self.assertFalse(officer.has_group("dura_utility_billing.group_utility_finance_manager"))
        subscription = self.env.ref("dura_utility_billing.demo_subscription_05")
        self.assertEqual(subscription.meter_number, "W-20452")
        self.assertEqual(subscription.amount_due, 343.5)
        self.start_tour("/odoo", "dura_utility_office_payment_plan", login="utility", timeout=180)
        plan = subscription.payment_plan_ids
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.agreed_by_id, officer)
        self.assertEqual((plan.down_payment, plan.line_ids.mapped("amount")), (43.5, [100.0] * 3))
        bills = plan.move_ids
        self.assertEqual(set(bills.mapped("dura_collection_hold")), {"plan"})
        self.assertIn("PLN/", plan.name)
