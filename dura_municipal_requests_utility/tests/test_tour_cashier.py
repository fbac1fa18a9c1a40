from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import pdf_text, render_pdf


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

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_cashier_prints_a_bill_and_a_fee_invoice(self):
        """The cashier clicks the print buttons of a utility bill and of a fee invoice: each
        prints the municipality's own document, which the cashier may also fetch by URL."""
        cashier = self.env.ref("dura_utility_billing.user_cashier")
        IrActionsReport = self.registry["ir.actions.report"]
        render = IrActionsReport._render_qweb_pdf
        printed = []

        def record(report_self, report_ref, res_ids=None, data=None):
            printed.append((report_self._get_report(report_ref).report_name, list(res_ids or [])))
            return render(report_self, report_ref, res_ids=res_ids, data=data)

        invoice = self.env.ref(
            "dura_municipal_requests.request_awaiting_payment_cashier"
        ).invoice_id
        with patch.object(IrActionsReport, "_render_qweb_pdf", record):
            self.start_tour("/odoo", "dura_cashier_prints", login="cashier", timeout=180)
        bill_ids = [
            ids for name, ids in printed if name == "dura_utility_billing.report_utility_bill"
        ]
        self.assertEqual(len(bill_ids), 1, printed)
        bill = self.env["account.move"].browse(bill_ids[0])
        self.assertEqual(len(bill), 1)
        self.assertTrue(bill.dura_subscription_id)
        self.assertIn(("dura_municipal_requests.report_fee_invoice", invoice.ids), printed)

        self.authenticate("cashier", "cashier")
        for report, move in (
            ("dura_utility_billing.report_utility_bill", bill),
            ("dura_municipal_requests.report_fee_invoice", invoice),
        ):
            with self.subTest(report=report):
                # the report's URL, as the cashier: Odoo's test mode answers the document's
                # HTML (a PDF through this test server would wait on itself, wkhtmltopdf
                # fetching the stylesheets from the server busy answering)
                response = self.url_open(f"/report/pdf/{report}/{move.id}", timeout=60)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
                self.assertIn(move.name, response.text)
                self.assertIn("o_dura_report", response.text)
                # and the PDF itself, rendered as the cashier
                self.env = self.env(user=cashier)
                content = render_pdf(self, report, move.ids, f"cashier_{move.id}")
                self.assertTrue(content.startswith(b"%PDF"))
                self.assertIn(move.name, pdf_text(content))
