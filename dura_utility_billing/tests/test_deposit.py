from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DuraUtilityCommon


@tagged("post_install", "-at_install")
class TestDeposit(DuraUtilityCommon):
    """The deposit of a new postpaid connection: invoiced once at activation on a liability
    account, held while the subscription lives, set against its open bills at closure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the deposits are the finance manager's to set
        cls.env.user.groups_id |= cls.env.ref("dura_utility_billing.group_utility_finance_manager")
        cls.env["dura.utility.deposit.rate"].create(
            [
                {"utility": "water", "category": "residential", "amount": 100.0},
                {"utility": "electricity", "category": "residential", "amount": 0.0},
            ]
        )

    def _pay(self, moves, amount=None):
        vals = {"amount": amount} if amount is not None else {}
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create(vals)._create_payments()

    def _balance(self, account, subscription):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                ("move_id.dura_subscription_id", "=", subscription.id),
            ]
        )
        return sum(lines.mapped("balance"))

    def test_invoiced_once_on_activation_as_a_liability(self):
        subscription = self._subscriptions(1)
        deposit = subscription.deposit_move_id
        self.assertEqual(deposit.state, "posted")
        self.assertEqual(deposit.amount_total, 100.0)
        self.assertEqual(subscription.deposit_amount, 100.0)
        self.assertIn(deposit, subscription.invoice_ids)
        line = deposit.invoice_line_ids
        self.assertEqual(line.account_id.account_type, "liability_current")
        self.assertEqual(line.account_id, self.env.company._dura_deposit_account())
        self.assertFalse(line.tax_ids)
        # a deposit is no bill: no arrears, nothing collected as a utility bill
        self.assertFalse(deposit._is_dura_utility_bill())
        self.assertEqual(subscription.amount_due, 0.0)
        # held once paid
        self.assertEqual(subscription.deposit_held, 0.0)
        self._pay(deposit)
        self.assertEqual(subscription.deposit_held, 100.0)
        self.assertEqual(self._balance(line.account_id, subscription), -100.0)
        # suspended and activated again: no second deposit
        subscription.action_suspend()
        subscription.action_activate()
        self.assertEqual(subscription.deposit_move_id, deposit)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("dura_subscription_id", "=", subscription.id), ("move_type", "=", "out_invoice")]
            ),
            1,
        )

    def test_no_deposit_without_rate_or_for_cards(self):
        electricity = self._subscriptions(1, utility="electricity")
        self.assertFalse(electricity.deposit_move_id, "rate of 0")
        card = self._subscriptions(1, mode="prepaid")
        self.assertFalse(card.deposit_move_id, "prepaid meters pay no deposit")

    def test_applied_to_the_final_bill_at_closure(self):
        subscription = self._subscriptions(1)
        self._pay(subscription.deposit_move_id)
        self._read(subscription, 10)
        self._run().action_run_now()
        bill = subscription.bill_ids.move_id
        self.assertTrue(bill.amount_residual > 0)
        owed = bill.amount_residual
        subscription.action_close()
        refund = subscription.deposit_refund_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.amount_total, 100.0)
        account = self.env.company._dura_deposit_account()
        self.assertEqual(refund.invoice_line_ids.account_id, account)
        # the liability is cleared
        self.assertEqual(self._balance(account, subscription), 0.0)
        self.assertEqual(subscription.deposit_held, 0.0)
        if owed <= 100:
            # settled by the credit note: Odoo calls an invoice paid by refunds "reversed"
            self.assertIn(bill.payment_state, ("paid", "in_payment", "reversed"))
            self.assertAlmostEqual(refund.amount_residual, 100.0 - owed, places=2)
            self.assertAlmostEqual(subscription.deposit_refund_remaining, 100.0 - owed, places=2)
        else:
            self.assertAlmostEqual(bill.amount_residual, owed - 100.0, places=2)
            self.assertEqual(refund.payment_state, "paid")

    def test_larger_bills_than_the_deposit(self):
        subscription = self._subscriptions(1)
        self._pay(subscription.deposit_move_id)
        self._read(subscription, 60)
        self._run().action_run_now()
        bill = subscription.bill_ids.move_id
        owed = bill.amount_residual
        self.assertTrue(owed > 100)
        subscription.action_close()
        self.assertAlmostEqual(bill.amount_residual, owed - 100.0, places=2)
        self.assertTrue(
            subscription.deposit_refund_id.currency_id.is_zero(
                subscription.deposit_refund_id.amount_residual
            )
        )

    def test_unpaid_deposit_cancelled_at_closure(self):
        subscription = self._subscriptions(1)
        subscription.action_close()
        self.assertIn(
            subscription.deposit_move_id.payment_state, ("paid", "in_payment", "reversed")
        )
        self.assertTrue(
            subscription.deposit_refund_id.currency_id.is_zero(
                subscription.deposit_refund_id.amount_residual
            )
        )
        self.assertEqual(self._balance(self.env.company._dura_deposit_account(), subscription), 0)

    def test_account_created_once_per_company(self):
        account = self.env.company._dura_deposit_account()
        self.assertEqual(self.env.company._dura_deposit_account(), account)
        self.assertEqual(account.account_type, "liability_current")
        # the finance manager's own account wins
        own = self.env["account.account"].create(
            {
                "name": "Deposits held",
                "code": "299999",
                "account_type": "liability_current",
                "company_ids": [Command.link(self.env.company.id)],
            }
        )
        self.env.company.dura_deposit_account_id = own
        self.assertEqual(self.env.company._dura_deposit_account(), own)

    def test_rates_are_the_finance_managers(self):
        officer = self.env["res.users"].create(
            {
                "name": "Deposit officer",
                "login": "deposit_officer",
                "email": "deposit@example.com",
                "company_id": self.env.company.id,
                "company_ids": [Command.set(self.env.company.ids)],
                "groups_id": [
                    Command.set([self.env.ref("dura_utility_billing.group_utility_officer").id])
                ],
            }
        )
        rate = self.env["dura.utility.deposit.rate"].search([("utility", "=", "water")])
        self.assertEqual(rate.with_user(officer).amount, 100.0)
        with self.assertRaises(AccessError):
            rate.with_user(officer).amount = 1.0
        # the officer activating a subscription still invoices the deposit
        draft = self.env["dura.utility.subscription"].create(
            {
                "partner_id": self.citizen_ar.id,
                "utility": "water",
                "meter_number": "W-DEP-1",
                "tariff_id": self.water_tariff.id,
            }
        )
        draft.with_user(officer).action_activate()
        self.assertEqual(draft.deposit_move_id.amount_total, 100.0)
