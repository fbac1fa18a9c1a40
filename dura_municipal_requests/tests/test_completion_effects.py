from odoo.tests import tagged

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestCompletionEffects(DuraRequestCommon):
    def test_service_without_effect_completes(self):
        request = self._new_request(self.citizen_ar, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "done")
        self.assertFalse(request.certificate_attachment_id)
        self.assertFalse(request.certificate_code)

    def test_effects_of_this_module(self):
        """The catalogue offers none and the certificate (bridge modules add theirs)."""
        effects = dict(
            self.env["dura.service.type"]
            ._fields["completion_effect"]
            ._description_selection(self.env)
        )
        self.assertLessEqual({"none", "certificate"}, set(effects))

    def test_certificate_attached(self):
        service = self.service_complaint.copy(
            {"code": "T-CERT", "completion_effect": "certificate", "name": "Certificate"}
        )
        request = self._new_request(self.citizen_ar, service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        attachment = request.certificate_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(attachment.res_model, "dura.service.request")
        self.assertEqual(attachment.res_id, request.id)
        content = attachment.raw.decode()
        self.assertIn(request.name, content)
        self.assertIn('dir="rtl"', content)
        self.assertIn("401234562", content)
        self.assertIn("شهادة", content, "rendered in the citizen's language")
