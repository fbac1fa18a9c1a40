from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

from .common import DuraRequestCommon

FEE_INVOICE = "dura_municipal_requests.action_report_fee_invoice"
STOCK_INVOICE = "account.account_invoices_without_payment"
DATE = "%d/%m/%Y"


class FeeInvoiceData(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_water.update_field_translations("name", {"ar_001": "رسوم: توصيل مياه"})
        cls.service_water.update_field_translations("name", {"ar_001": "توصيل مياه"})
        # the finance office: Invoicing rights only, no access to requests
        cls.user_finance = new_test_user(
            cls.env,
            login="finance_clerk",
            name="Finance Clerk",
            groups="account.group_account_invoice",
        )
        cls.other_invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.citizen_en.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.fee_water.id, "quantity": 1, "price_unit": 10.0}
                    )
                ],
            }
        )
        cls.other_invoice.action_post()

    def _fee_invoice(self, citizen):
        request = self._new_request(citizen, self.service_water)
        request.with_user(self.user_center).action_submit()
        return request, request.invoice_id


@tagged("post_install", "-at_install")
class TestFeeInvoicePrint(FeeInvoiceData):
    def test_print_action_for_the_finance_office(self):
        _request, invoice = self._fee_invoice(self.citizen_ar)
        as_finance = invoice.with_user(self.user_finance)
        self.assertFalse(
            self.env["dura.service.request"].with_user(self.user_finance).has_access("read")
        )
        action = as_finance.action_print_dura_fee_invoice()
        self.assertEqual(action["report_name"], "dura_municipal_requests.report_fee_invoice")
        with self.assertRaises(UserError):
            self.other_invoice.with_user(self.user_finance).action_print_dura_fee_invoice()
        # the Print menu offers the fee invoice on fee invoices only, as the finance office
        report = self.env.ref(FEE_INVOICE).with_user(self.user_finance)
        self.assertEqual(report.get_valid_action_reports("account.move", invoice.ids), report.ids)
        self.assertFalse(report.get_valid_action_reports("account.move", self.other_invoice.ids))

    def test_odoo_invoice_report_prints_the_fee_invoice(self):
        request, invoice = self._fee_invoice(self.citizen_en)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_finance)
            ._render_qweb_html(STOCK_INVOICE, invoice.ids)[0]
            .decode()
        )
        self.assertIn("Fee Invoice", html)
        self.assertIn(request.name, html)
        self.assertRegex(html, r'data-report-margin-top="12(\.0)?"')
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(STOCK_INVOICE, self.other_invoice.ids)[0]
            .decode()
        )
        self.assertNotIn("Fee Invoice", html)


@tagged("post_install", "-at_install")
class TestFeeInvoicePdf(FeeInvoiceData, HttpCase):
    """The fee invoice as a real PDF through wkhtmltopdf, read back with its words'
    positions, in Arabic and in English, printed by the finance office."""

    def _render(self, invoice, name):
        self.env = self.env(user=self.user_finance)
        return render_pdf(self, FEE_INVOICE, invoice.ids, name)

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_fee_invoice_arabic(self):
        request, invoice = self._fee_invoice(self.citizen_ar)
        text = assert_clean_pdf(
            self,
            self._render(invoice, "fee_invoice_ar"),
            (
                "فاتورة الرسوم",
                "أحمد محمود الشريف",
                "رقم المتابعة",
                request.name,
                "توصيل مياه",
                # the product, "رسوم: توصيل مياه": pdftotext reads its colon, a span of its
                # own (tools/bidi_text.py), before the next word
                "رسوم",
                invoice.name,
                invoice.invoice_date.strftime(DATE),
                "200.00",
                "غير مدفوعة بعد",
                "طريقة الدفع",
                "مرجع الدفع",
            ),
        )
        self.assertNotIn("Fee Invoice", text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_fee_invoice_english_paid(self):
        request, invoice = self._fee_invoice(self.citizen_en)
        self._pay(invoice)
        text = assert_clean_pdf(
            self,
            self._render(invoice, "fee_invoice_en"),
            (
                "Fee Invoice",
                "Omar Khalil",
                "Tracking Number",
                request.name,
                "Water connection",
                "Fee: water connection",
                invoice.name,
                "200.00",
                "Paid",
                "-200.00",
                "0.00",
            ),
        )
        self.assertNotIn("How to pay", text)
