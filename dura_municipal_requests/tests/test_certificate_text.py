from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

from .common import DuraRequestCommon

CERTIFICATE = "dura_municipal_requests.action_report_request_certificate"


@tagged("post_install", "-at_install")
class TestCertificateText(HttpCase, DuraRequestCommon):
    """The certificate is archived: its Latin letters and digits (tracking number, national ID,
    verification code and address) are text in the PDF like its Arabic, and in place."""

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_text_arabic(self):
        service = self.service_complaint.copy(
            {"code": "T-CERT-TXT", "completion_effect": "certificate", "name": "Certificate"}
        )
        request = self._new_request(self.citizen_ar, service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        assert_clean_pdf(
            self,
            render_pdf(self, CERTIFICATE, request.ids, "certificate_text_ar"),
            (
                "شهادة",
                "أحمد محمود الشريف",
                request.name,
                "401234562",
                request.certificate_code,
                "/dura/certificate/verify/",
            ),
        )
