from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestPaymentGuard(AccountTestInvoicingCommon):
    def test_no_payment_on_an_invoice_cancelled_while_the_wizard_was_open(self):
        invoice = self.init_invoice("out_invoice", amounts=[120.0], post=True)
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        invoice.button_draft()
        invoice.button_cancel()
        payments = self.env["account.payment"].search_count([])
        with self.assertRaisesRegex(UserError, "was cancelled meanwhile"):
            wizard._create_payments()
        # the cashier reads it in Arabic
        self.env["res.lang"]._activate_lang("ar_001")
        # the rule and its wording are dura_municipality's (shared with the service center)
        self.env["ir.module.module"]._load_module_terms(["dura_municipality"], ["ar_001"])
        with self.assertRaisesRegex(UserError, "في هذه الأثناء: لم تُسجَّل أي دفعة"):
            wizard.with_context(lang="ar_001")._create_payments()
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        self.assertEqual((invoice.state, invoice.payment_state), ("cancel", "not_paid"))

    def test_payment_on_a_posted_invoice_still_works(self):
        invoice = self.init_invoice("out_invoice", amounts=[120.0], post=True)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_odoo_pay_on_a_draft_invoice_still_works(self):
        """Odoo 18's "Pay" on a draft invoice (action_force_register_payment) is not refused."""
        invoice = self.init_invoice("out_invoice", amounts=[80.0])
        action = invoice.action_force_register_payment()
        payments = (
            self.env["account.payment.register"]
            .with_context(**action["context"])
            .create({})
            ._create_payments()
        )
        self.assertEqual(payments.amount, 80.0)
