from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

from .common import DuraRequestCommon

RECEIPT = "dura_municipal_requests.action_report_request_receipt"


@tagged("post_install", "-at_install")
class TestReceiptPdf(HttpCase, DuraRequestCommon):
    """The citizen's receipt as a real PDF through wkhtmltopdf, in Arabic and in English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dura_sms_status_number = "+970599000777"

    def _render(self, request, name):
        # an archived document: its text is searchable and in place (no word off its page
        # or over another)
        return assert_clean_pdf(self, render_pdf(self, RECEIPT, request.ids, name))

    def test_receipt_html(self):
        """The receipt carries the QR code of the tracking number and the status SMS number."""
        request = self._new_request(self.citizen_en)
        request.with_user(self.user_center).action_submit()
        html = self.env["ir.actions.report"]._render_qweb_html(RECEIPT, request.ids)[0].decode()
        self.assertIn('src="data:image/png;base64,', html)
        self.assertIn(f'alt="Barcode {request.name}"', html)
        self.assertIn("+970599000777", html)
        self.assertIn('dir="ltr"', html)

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_receipt_pdf_arabic(self):
        request = self._new_request(self.citizen_ar)
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        self.assertEqual(request.state, "filed")
        text = self._render(request, "receipt_ar")
        self.assertIn(request.name, text)
        self.assertIn("+970599000777", text)
        for arabic in (
            "إيصال طلب",
            "رقم التتبع",
            "أحمد محمود الشريف",
            "مدفوع",
            "تاريخ الإنجاز المتوقع",
            "تابع طلبك",
            "أرسل رقم التتبع إلى الرقم",
        ):
            self.assertIn(arabic, text)
        self.assertNotIn("Request Receipt", text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_receipt_pdf_english_free(self):
        request = self._new_request(self.citizen_en, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "filed")
        text = self._render(request, "receipt_en")
        for label in (
            "Request Receipt",
            request.name,
            "Omar Khalil",
            "Complaint",
            "Free of charge",
            "Expected by",
            "Follow your request",
            "Send the tracking number to",
            "+970599000777",
        ):
            self.assertIn(label, text)
        self.assertNotIn("رقم التتبع", text)
