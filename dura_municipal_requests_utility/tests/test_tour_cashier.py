from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCashierTour(HttpCase):
    """The finance office's cashier (demo login ``cashier``, Invoicing rights only) takes a
    fee and credits a utility bill in the browser, on the demo data."""

    def test_cashier_prints_pays_and_credits(self):
        cashier = self.env.ref("dura_utility_billing.user_cashier")
        self.assertTrue(cashier.has_group("account.group_account_invoice"))
        self.assertFalse(cashier.has_group("account.group_account_manager"))
        self.assertFalse(cashier.has_group("dura_municipal_requests.group_service_center_officer"))
        self.assertFalse(self.env["dura.service.request"].with_user(cashier).has_access("read"))
        request = self.env.ref("dura_municipal_requests.request_awaiting_payment_cashier")
        self.assertEqual(request.state, "awaiting_payment")
        invoice = request.invoice_id
        self.assertEqual(invoice.state, "posted")
        # the report the Print menu runs, as the cashier
        report = self.env.ref("account.account_invoices_without_payment").with_user(cashier)
        content, _kind = report._render_qweb_pdf(report.report_name, invoice.ids)
        self.assertTrue(content)

        self.start_tour("/odoo", "dura_cashier_day", login="cashier", timeout=180)

        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(request.state, "filed")
        refund = self.env["account.move"].search(
            [
                ("move_type", "=", "out_refund"),
                ("create_uid", "=", cashier.id),
                ("reversed_entry_id.dura_period", "!=", False),
            ]
        )
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.partner_id, refund.reversed_entry_id.partner_id)
