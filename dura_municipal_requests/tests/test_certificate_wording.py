from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DuraRequestCommon

RESIDENCE_EN = (
    '<p>Dura Municipality certifies that <t t-out="object.partner_id.name"/>, ID '
    '<t t-out="object.partner_id.dura_national_id"/>, resides in Dura (request '
    '<t t-out="object.name"/>, <t t-out="object.certificate_date"/>).</p>'
)
RESIDENCE_AR = (
    '<p>تشهد بلدية دورا بأن <t t-out="object.partner_id.name"/> يقيم في دورا '
    '(<t t-out="object.partner_id.dura_national_id"/>).</p>'
)


@tagged("post_install", "-at_install")
class TestCertificateWording(DuraRequestCommon):
    """A certificate service's own wording: who writes it, what it may contain, what prints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin = new_test_user(
            cls.env,
            login="wording_admin",
            name="Wording Admin",
            groups="base.group_system,dura_municipal_requests.group_director",
        )
        cls.service = cls.service_complaint.copy(
            {"code": "T-CERT-RES", "name": "Residence", "completion_effect": "certificate"}
        )

    def _done_request(self, citizen):
        request = self._new_request(citizen, self.service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        return request

    def test_wording_printed_in_the_citizens_language(self):
        service = self.service.with_user(self.user_admin)
        service.write({"certificate_wording": RESIDENCE_EN})
        service.update_field_translations("certificate_wording", {"ar_001": RESIDENCE_AR})
        request_en = self._done_request(self.citizen_en)
        request_ar = self._done_request(self.citizen_ar)

        english = str(request_en.with_context(lang="en_US")._certificate_wording())
        self.assertIn("Dura Municipality certifies that Omar Khalil, ID 852147966", english)
        self.assertIn(request_en.name, english)
        self.assertIn(request_en.with_context(lang="en_US").certificate_date, english)
        self.assertNotIn("t-out", english)
        arabic = str(request_ar.with_context(lang="ar_001")._certificate_wording())
        self.assertIn("تشهد بلدية دورا بأن أحمد محمود الشريف يقيم في دورا (401234562)", arabic)
        # the certificate issued at completion carries it
        self.assertIn(
            "Omar Khalil, ID 852147966", request_en.certificate_attachment_id.raw.decode()
        )

    def test_values_are_escaped(self):
        self.service.write({"certificate_wording": "<p>{{ object.description }}</p>"})
        request = self._done_request(self.citizen_en)
        request.description = "<script>alert(1)</script> & co"
        wording = str(request._certificate_wording())
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", wording)

    def test_without_wording_the_general_one(self):
        request = self._done_request(self.citizen_en)
        self.assertIsNone(request._certificate_wording())
        self.service.certificate_wording = "<p><br></p>"
        self.assertIsNone(request._certificate_wording())

    def test_shorthand_saved_as_placeholder(self):
        self.service.with_user(
            self.user_admin
        ).certificate_wording = "<p>{{ object.partner_id.name }} lives in Dura</p>"
        self.assertEqual(
            str(self.service.certificate_wording),
            '<p><t t-out="object.partner_id.name"/> lives in Dura</p>',
        )

    def test_bad_placeholders_refused_in_the_admins_language(self):
        self.service.certificate_wording = RESIDENCE_EN
        admin = self.user_admin
        cases = [
            '<p><t t-out="object.partner_id.phone"/></p>',
            "<p><t t-out=\"object.env.cr.execute('DELETE FROM res_partner')\"/></p>",
            '<p><t t-if="object.name">x</t></p>',
            "<p>{{ user.name }}</p>",
        ]
        for wording in cases:
            with self.subTest(wording=wording):
                with self.assertRaises(ValidationError) as caught:
                    self.service.with_user(admin).certificate_wording = wording
                self.assertIn("cannot be saved", str(caught.exception))
                self.assertIn("object.partner_id.name (Citizen / Name)", str(caught.exception))
                arabic = self.service.with_user(admin).with_context(lang="ar_001")
                with self.assertRaises(ValidationError) as caught:
                    arabic.certificate_wording = wording
                self.assertIn("لا يمكن حفظ", str(caught.exception))
                with self.assertRaises(ValidationError) as caught:
                    arabic.update_field_translations("certificate_wording", {"ar_001": wording})
                self.assertIn("لا يمكن حفظ", str(caught.exception))
        # nothing was lost
        self.assertEqual(str(self.service.certificate_wording), RESIDENCE_EN)

    def test_only_administrators_write_it(self):
        director_service = self.service.with_user(self.user_director)
        self.assertFalse(director_service.can_edit_certificate_wording)
        self.assertTrue(self.service.with_user(self.user_admin).can_edit_certificate_wording)
        with self.assertRaises(AccessError):
            director_service.certificate_wording = "<p>Hello</p>"
        with self.assertRaises(AccessError):
            director_service.update_field_translations(
                "certificate_wording", {"ar_001": "<p>x</p>"}
            )
        with self.assertRaises(AccessError):
            self.env["dura.service.type"].with_user(self.user_director).create(
                {
                    "name": "Forged",
                    "code": "T-FORGED",
                    "department_id": self.department_water.id,
                    "certificate_wording": "<p>Hello</p>",
                }
            )
        # the rest of the service is still the director's
        director_service.sla_days = 4
        self.assertIn("object.partner_id.name", str(director_service.certificate_placeholder_help))

    def test_wording_that_bypassed_the_check_never_rendered(self):
        """Written around the ORM (SQL, a placeholder removed by an upgrade): the certificate
        falls back to the general wording, nothing of it is evaluated."""
        request = self._done_request(self.citizen_en)
        self.env.cr.execute(
            "UPDATE dura_service_type SET certificate_wording = %s WHERE id = %s",
            [
                '{"en_US": "<p><t t-out=\\"object.sudo().env.user.password\\"/></p>"}',
                self.service.id,
            ],
        )
        self.service.invalidate_recordset()
        with self.assertLogs("odoo.addons.dura_municipal_requests", "WARNING") as logs:
            self.assertIsNone(request._certificate_wording())
        self.assertIn("invalid placeholders", logs.output[0])

    def test_demo_wordings_print(self):
        """The demo's certificate services print their wording in both languages."""
        services = self.env["dura.service.type"].search(
            [("completion_effect", "=", "certificate"), ("certificate_wording", "!=", False)]
        )
        self.assertGreaterEqual(len(services), 3)
        for service in services:
            for lang in ("en_US", "ar_001"):
                wording = service.with_context(lang=lang).certificate_wording
                with self.subTest(service=service.code, lang=lang):
                    self.assertIn("t-out", wording)
                    service._raise_wording_problems(wording, lang)
            self.assertNotEqual(
                service.with_context(lang="en_US").certificate_wording,
                service.with_context(lang="ar_001").certificate_wording,
                f"{service.code} has its Arabic wording",
            )
