import re

from odoo.tests import HttpCase, tagged
from odoo.tools import format_date, mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import render_pdf_text

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestCertificatePdf(HttpCase, DuraRequestCommon):
    """The certificate as a real PDF through wkhtmltopdf, with the server serving the assets."""

    # Without the `rtlcss` tool (npm) Odoo serves the left-to-right CSS to Arabic pages and warns
    # about it; a machine setup matter (reported), not this report's.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_pdf_arabic(self):
        service = self.service_complaint.copy(
            {"code": "T-CERT-PDF", "completion_effect": "certificate", "name": "Certificate"}
        )
        request = self._new_request(self.citizen_ar, service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        text = render_pdf_text(
            self,
            "dura_municipal_requests.action_report_request_certificate",
            request.ids,
            "certificate_ar",
        )
        for arabic in ("شهادة", "المواطن", "أحمد محمود الشريف", "تشهد البلدية"):
            self.assertIn(arabic, text)
        # the completion date is printed, also on the copy issued at completion
        done_on = format_date(request.with_context(lang="ar_001").env, request.date_done)
        self.assertIn(done_on, request.certificate_attachment_id.raw.decode())
        # pdftotext moves the digits around the Arabic month's name: compare the name only
        self.assertIn(re.sub(r"[\d\s,]", "", done_on), text)
        self.assertIn(request.name, text)
        self.assertIn("401234562", text)
