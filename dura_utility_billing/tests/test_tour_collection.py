from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCollectionTour(HttpCase):
    """The finance manager's collection in a browser, on the demo data, as the demo user
    ``finance`` with only the Finance Manager group."""

    def test_finance_manager_runs_a_collection_and_waives_a_fee(self):
        finance = self.env.ref("dura_utility_billing.user_finance_manager")
        self.assertTrue(finance.has_group("dura_utility_billing.group_utility_finance_manager"))
        self.assertFalse(finance.has_group("base.group_system"))
        overdue = self.env["account.move"].search(
            self.env["account.move"]._dura_collectable_domain()
            + [("invoice_date_due", "<", fields.Date.today())]
        )
        self.assertTrue(overdue, "the demo has overdue bills for the run to act on")
        self.start_tour("/odoo", "dura_utility_finance_collection", login="finance", timeout=240)
        run = self.env["dura.utility.collection.run"].search([], limit=1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.create_uid, finance)
        self.assertGreater(run.notice_count, 0)
        waived = self.env["account.move"].search([("dura_fee_waive_reason", "!=", False)])
        self.assertEqual(len(waived), 1)
        self.assertEqual(waived.payment_state, "reversed")
        self.assertIn("Meter misread", waived.dura_fee_waive_reason)
