import shutil
import subprocess
import tempfile
import unicodedata
import unittest

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestCertificatePdf(HttpCase, DuraRequestCommon):
    """The certificate as a real PDF through wkhtmltopdf, with the server serving the assets."""

    @unittest.skipUnless(shutil.which("pdftotext"), "poppler-utils (pdftotext) is not installed")
    # Without the `rtlcss` tool (npm) Odoo serves the left-to-right CSS to Arabic pages and warns
    # about it; a machine setup matter (reported), not this report's.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_pdf_arabic(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        service = self.service_complaint.copy(
            {"code": "T-CERT-PDF", "completion_effect": "certificate", "name": "Certificate"}
        )
        request = self._new_request(self.citizen_ar, service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "dura_municipal_requests.action_report_request_certificate", request.ids
            )
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            text = subprocess.run(
                ["pdftotext", pdf.name, "-"], capture_output=True, check=True, text=True
            ).stdout
            shutil.copy(pdf.name, "/tmp/dura_certificate_test.pdf")
        # Latin runs in the web font are not extractable; the Arabic ones are
        text = unicodedata.normalize("NFKC", text)
        for arabic in ("شهادة", "المواطن", "أحمد محمود الشريف", "تشهد البلدية"):
            self.assertIn(arabic, text)
