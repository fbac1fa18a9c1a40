from datetime import timedelta

import odoo.http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import (
    assert_clean_pdf,
    keep_pdf,
    pdf_text,
    require_poppler,
)

from .test_clearance import DuraClearanceCommon


@tagged("post_install", "-at_install")
class TestClearancePdf(HttpCase, DuraClearanceCommon):
    """The clearance as the citizen holds it: a real PDF (wkhtmltopdf, the server serving the
    assets) with its verification code, accepted by a building licence while valid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the catalogue's clearance and building licence (demo data): the wording the
        # municipality prints, in Arabic and English
        ref = cls.env.ref
        cls.service_clearance = ref("dura_municipal_requests.service_clearance")
        cls.service_licence = ref("dura_municipal_requests.service_building_licence_renewal")
        cls.doc_clearance = ref("dura_municipal_requests.document_type_clearance")
        cls.doc_id_card = ref("dura_municipal_requests.document_type_id_card")

    def _complete_as_pdf(self, citizen):
        require_poppler(self)
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        odoo.http.root.statics  # noqa: B018  pylint: disable=pointless-statement
        request = self._new_request(citizen, self.service_clearance)
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        # the demo's departments: their officers are the demo's users
        request.sudo().action_start()
        request.sudo().with_context(force_report_rendering=True).action_done()
        self.assertEqual(request.certificate_attachment_id.mimetype, "application/pdf")
        return request

    # without the `rtlcss` tool Odoo serves left-to-right CSS to Arabic pages and warns (a
    # machine setup matter, see dura_municipal_requests' certificate PDF test)
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_pdf_and_automatic_acceptance(self):
        clearance = self._complete_as_pdf(self.citizen_ar)
        content = clearance.certificate_attachment_id.raw
        keep_pdf(content, "clearance_ar")
        text = assert_clean_pdf(self, content, ["أحمد محمود الشريف", clearance.name])
        code = clearance.certificate_code
        self.assertIn(code[:4], text.replace(" ", "").replace("-", ""))

        # a building licence for the same citizen: the clearance line comes filled
        licence = self._new_request(self.citizen_ar, self.service_licence, attach_all=False)
        line = licence.document_ids.filtered(lambda d: d.document_type_id == self.doc_clearance)
        self.assertEqual(len(line.attachment_ids), 1)
        self.assertEqual(line.attachment_ids.raw, content)
        # the line owns its copy: the department reads it under the request's rules
        self.assertEqual(
            (line.attachment_ids.res_model, line.attachment_ids.res_id),
            ("dura.service.request.document", line.id),
        )
        self.assertTrue(line.received)
        self.assertIn(clearance.name, line.note)
        self.assertNotIn(self.doc_clearance, licence._get_missing_documents().document_type_id)
        self.assertIn(clearance.name, licence.message_ids[0].body)

        # another citizen's licence, or once the clearance has expired: the paper is asked for
        other = self._new_request(self.citizen_en, self.service_licence, attach_all=False)
        self.assertIn(self.doc_clearance, other._get_missing_documents().document_type_id)
        clearance.dura_clearance_valid_until = clearance.dura_clearance_valid_until - timedelta(31)
        expired = self._new_request(self.citizen_ar, self.service_licence, attach_all=False)
        self.assertIn(self.doc_clearance, expired._get_missing_documents().document_type_id)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_pdf_english_and_verification_page(self):
        clearance = self._complete_as_pdf(self.citizen_en)
        content = clearance.certificate_attachment_id.raw
        keep_pdf(content, "clearance_en")
        text = pdf_text(content)
        self.assertIn("Omar Khalil", text)
        self.assertIn(clearance.name, text)
        response = self.url_open(f"/dura/certificate/verify/{clearance.certificate_code}")
        self.assertEqual(response.status_code, 200)
        # the public page speaks Arabic first
        self.assertIn("هذه الشهادة صحيحة", response.text)
        self.assertIn("Omar Khalil", response.text)
        self.assertIn("براءة ذمة", response.text)
