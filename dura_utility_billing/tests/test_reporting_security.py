from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DuraUtilityCommon


@tagged("post_install", "-at_install")
class TestReportingAndSecurity(DuraUtilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paid_sub, cls.unpaid_sub = cls._subscriptions(2)
        cls._read(cls.paid_sub | cls.unpaid_sub, 30)
        cls.billing_run = cls._run()
        cls.billing_run.action_run_now()

    def test_billed_vs_collected_and_arrears(self):
        paid_move = self.paid_sub.bill_ids.move_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid_move.ids
        ).create({"journal_id": self.company_data["default_journal_cash"].id})._create_payments()
        self.assertEqual(paid_move.payment_state, "paid")
        # 30 m3: 20 x 5.5 + 10 x 7.2 + 42 = 224.00 each
        groups = self.env["dura.utility.billing.report"]._read_group(
            [("period", "=", self.period), ("company_id", "=", self.env.company.id)],
            ["utility"],
            ["amount_billed:sum", "amount_collected:sum", "amount_due:sum"],
        )
        self.assertEqual(len(groups), 1)
        utility, billed, collected, due = groups[0]
        self.assertEqual(utility, "water")
        self.assertAlmostEqual(billed, 448.0)
        self.assertAlmostEqual(collected, 224.0)
        self.assertAlmostEqual(due, 224.0)
        self.assertAlmostEqual(self.unpaid_sub.amount_due, 224.0)
        self.assertAlmostEqual(self.paid_sub.amount_due, 0.0)
        subscriptions = self.env["dura.utility.subscription"]
        in_arrears = subscriptions.search([("amount_due", ">", 0)])
        self.assertIn(self.unpaid_sub, in_arrears)
        self.assertNotIn(self.paid_sub, in_arrears)
        settled = subscriptions.search([("amount_due", "=", 0)])
        self.assertIn(self.paid_sub, settled)
        self.assertNotIn(self.unpaid_sub, settled)

    def test_partner_subscriptions(self):
        partner = self.paid_sub.partner_id
        self.assertIn(self.paid_sub, partner.utility_subscription_ids)
        self.assertEqual(partner.utility_subscription_count, len(partner.utility_subscription_ids))
        action = partner.action_view_utility_subscriptions()
        self.assertEqual(action["domain"], [("partner_id", "=", partner.id)])

    def test_background_run_processed_by_cron(self):
        other = self._subscriptions(2, "electricity")
        self._read(other, [300, 400])
        run = self._run("electricity")
        run.action_start()
        self.assertEqual(run.state, "running")
        self.env["dura.utility.billing.run"]._cron_process_runs()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.bill_ids.subscription_id, other)

    def test_meter_reader_rights(self):
        reader = new_test_user(
            self.env,
            login="dura_reader",
            groups="dura_utility_billing.group_meter_reader",
            company_id=self.env.company.id,
        )
        subscription = self._subscriptions(1)
        reading = (
            self.env["dura.utility.reading"]
            .with_user(reader)
            .create({"subscription_id": subscription.id, "date": self.period_date, "value": 7})
        )
        self.assertEqual(reading.consumption, 7)
        with self.assertRaises(AccessError):
            self.env["dura.utility.billing.run"].with_user(reader).create({"utility": "water"})
        with self.assertRaises(AccessError):
            subscription.with_user(reader).write({"quarter": "Other"})

    def test_utility_office_bills_finance_alone_cannot_run(self):
        # the utility office runs billing: its group carries Odoo's Invoicing rights
        officer = new_test_user(
            self.env,
            login="dura_officer",
            groups="dura_utility_billing.group_utility_officer",
            company_id=self.env.company.id,
        )
        self.assertTrue(officer.has_group("account.group_account_invoice"))
        other = self._subscriptions(1, "electricity")
        self._read(other, 120)
        run = self._run("electricity").with_user(officer)
        run.action_run_now()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.bill_ids.subscription_id, other)
        # a cashier (Invoicing only) reads runs but does not start them
        cashier = new_test_user(
            self.env,
            login="dura_cashier",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
        )
        run = self._run("electricity").with_user(cashier)
        with self.assertRaises(AccessError):
            run.action_run_now()
        self.assertEqual(run.state, "draft")

    def test_company_rule(self):
        other_company = self.env["res.company"].create({"name": "Other municipality"})
        reader = new_test_user(
            self.env,
            login="dura_reader_other",
            groups="dura_utility_billing.group_meter_reader",
            company_id=other_company.id,
        )
        reader.company_ids = other_company
        subscriptions = self.env["dura.utility.subscription"].with_user(reader)
        self.assertFalse(subscriptions.search([("id", "=", self.paid_sub.id)]))
