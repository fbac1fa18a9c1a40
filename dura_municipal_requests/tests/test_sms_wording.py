from odoo.tests import TransactionCase, tagged

from odoo.addons.dura_sms_gateway.tools.sms_segments import count_segments

READY_EN = "Your certificate is ready to collect at the Public Service Center."
READY_AR = "شهادتك جاهزة للاستلام من مركز خدمات الجمهور."


@tagged("post_install", "-at_install")
class TestDoneSmsWording(TransactionCase):
    """The "done" SMS of a certificate service tells the citizen where to collect it; other
    services keep their thanks. Same template, same automation, same approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_municipal_requests"], ["ar_001"])
        cls.env["dura.service.request.demo"]._approve_sms_templates()
        cls.template = cls.env.ref("dura_municipal_requests.sms_template_request_done")
        cls.certificate = cls.env.ref("dura_municipal_requests.request_certificate_done")
        cls.complaint = cls.env.ref("dura_municipal_requests.request_done")

    def _body(self, request, lang):
        request.partner_id.lang = lang
        return self.template._render_field("body", request.ids, compute_lang=True)[request.id]

    def test_rendered_wording(self):
        self.assertEqual(self.certificate.completion_effect, "certificate")
        name = self.certificate.name
        self.assertEqual(
            self._body(self.certificate, "ar_001"),
            f"بلدية دورا: تم إنجاز طلبك رقم {name}. {READY_AR}",
        )
        self.assertEqual(
            self._body(self.certificate, "en_US"),
            f"Dura Municipality: request {name} is done. {READY_EN}",
        )
        other = self.complaint.name
        self.assertEqual(
            self._body(self.complaint, "ar_001"),
            f"بلدية دورا: تم إنجاز طلبك رقم {other}. شكراً لكم.",
        )
        self.assertEqual(
            self._body(self.complaint, "en_US"),
            f"Dura Municipality: request {other} is done. Thank you.",
        )
        # budgets: one GSM-7 segment in English, two UCS-2 segments in Arabic at most
        self.assertEqual(count_segments(self._body(self.certificate, "en_US")).segments, 1)
        self.assertLessEqual(count_segments(self._body(self.certificate, "ar_001")).segments, 2)

    def test_the_done_automation_sends_it(self):
        """A certificate request completed through the real flow: the automation queues the
        collection notice in the citizen's language."""
        request = self.env["dura.service.request"].create(
            {
                "partner_id": self.certificate.partner_id.id,
                "service_type_id": self.certificate.service_type_id.id,
                "description": "شهادة سكن",
                "document_ids": [
                    (0, 0, {**line, "attachment_ids": [(6, 0, doc.attachment_ids.ids)]})
                    for doc in self.certificate.document_ids
                    for line in [
                        {"document_type_id": doc.document_type_id.id, "required": doc.required}
                    ]
                ],
            }
        )
        request.partner_id.lang = "ar_001"
        request.action_submit()
        self.env["dura.service.request.demo"]._pay_fees(request.ids)
        request.action_start()
        request.action_done()
        self.assertEqual(request.state, "done")
        sms = self.env["sms.sms"].search(
            [("dura_res_model", "=", request._name), ("dura_res_id", "=", request.id)]
        )
        done = sms.filtered(lambda s: READY_AR in s.body)
        self.assertEqual(len(done), 1, sms.mapped("body"))
        self.assertEqual((done.state, done.dura_kind), ("outgoing", "transactional"))
