from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dura_sms_gateway.tools.sms_segments import count_segments

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestLicenceRenewal(DuraRequestCommon):
    """A licence service's request issues a licence valid N months; its holder is texted once
    before it expires; the counter renews it from the previous request, pre-filled, and the
    renewal extends the term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_engineering.write({"licence_validity_months": 12, "renewal_notice_days": 30})
        cls.template = cls.env.ref("dura_municipal_requests.sms_template_licence_expiry")

    def _licence(self, when="2026-01-15 08:00:00", citizen=None):
        with freeze_time(when):
            request = self._new_request(citizen or self.citizen_ar, self.service_engineering)
            request.description = "ترخيص بناء طابقين"
            request.with_user(self.user_center).action_submit()
            self._pay(request.invoice_id)
            request.with_user(self.user_engineer).action_start()
            request.with_user(self.user_engineer).action_done()
        self.assertEqual(request.state, "done")
        return request

    def _reminders(self, request):
        return self._sms_of(request).filtered(
            lambda sms: "تنتهي" in sms.body or "expires" in sms.body
        )

    def test_licence_expiry_and_one_reminder(self):
        licence = self._licence()
        self.assertEqual(licence.licence_expiry_date, fields.Date.to_date("2027-01-15"))
        with freeze_time("2026-12-15 08:00:00"):  # 31 days before: not yet
            self.env["dura.service.request"]._cron_licence_reminder()
            self.assertFalse(licence.is_licence_expiring)
        self.assertFalse(self._reminders(licence))
        with freeze_time("2026-12-16 08:00:00"):  # 30 days before
            licence.invalidate_recordset(["is_licence_expiring"])
            self.assertTrue(licence.is_licence_expiring)
            self.assertIn(
                licence,
                self.env["dura.service.request"].search([("is_licence_expiring", "=", True)]),
            )
            self.env["dura.service.request"]._cron_licence_reminder()
            self.env["dura.service.request"]._cron_licence_reminder()
        [sms] = self._reminders(licence)
        self.assertIn(licence.name, sms.body)
        self.assertEqual(licence.licence_notice_date, fields.Date.to_date("2026-12-16"))

    def test_reminder_segments(self):
        licence = self._new_request(self.citizen_ar, self.service_engineering)
        licence.write({"name": "DR-2026-00042", "licence_expiry_date": "2027-01-15"})
        for citizen, encoding, budget in (
            (self.citizen_ar, "ucs2", 2),
            (self.citizen_en, "gsm7", 1),
        ):
            licence.partner_id = citizen
            body = self.template._render_field("body", licence.ids, compute_lang=True)[licence.id]
            info = count_segments(body)
            with self.subTest(lang=citizen.lang):
                self.assertEqual(info.encoding, encoding)
                self.assertLessEqual(info.segments, budget, body)
        self.assertEqual(
            body,
            "Dura Municipality: your licence DR-2026-00042 expires on 01/15/2027. Renew it at "
            "the Public Service Center.",
        )

    def test_renewal_prefilled_and_extends_the_term(self):
        licence = self._licence()
        with freeze_time("2026-12-20 08:00:00"):
            action = licence.with_user(self.user_center).action_renew_licence()
            renewal = self.env["dura.service.request"].browse(action["res_id"])
            self.assertEqual(renewal.state, "draft")
            self.assertEqual(renewal.partner_id, licence.partner_id)
            self.assertEqual(renewal.renewal_of_id, licence)
            self.assertIn(licence.name, renewal.description)
            self.assertIn("ترخيص بناء طابقين", renewal.description)
            # the documents and their files, copied for the new request
            self.assertEqual(
                renewal.document_ids.document_type_id, licence.document_ids.document_type_id
            )
            self.assertFalse(renewal.missing_document_names)
            self.assertFalse(
                renewal.document_ids.attachment_ids & licence.document_ids.attachment_ids
            )
            licence.invalidate_recordset(["is_licence_expiring"])
            self.assertFalse(licence.is_licence_expiring, "a renewal is under way")
            with self.assertRaises(UserError):
                licence.with_user(self.user_center).action_renew_licence()
            renewal.with_user(self.user_center).action_submit()
            self._pay(renewal.invoice_id)
            renewal.with_user(self.user_engineer).action_start()
            renewal.with_user(self.user_engineer).action_done()
        # renewed early: the new year runs from the old expiry, not from today
        self.assertEqual(renewal.licence_expiry_date, fields.Date.to_date("2028-01-15"))

    def test_renewal_late_runs_from_today_and_rights(self):
        licence = self._licence()
        with self.assertRaises(AccessError):
            licence.with_user(self.user_engineer).action_renew_licence()
        with freeze_time("2027-03-01 08:00:00"):
            licence.invalidate_recordset(["is_licence_expiring"])
            self.assertTrue(licence.is_licence_expiring, "expired, not renewed")
            action = licence.with_user(self.user_center).action_renew_licence()
            renewal = self.env["dura.service.request"].browse(action["res_id"])
            renewal.with_user(self.user_center).action_submit()
            self._pay(renewal.invoice_id)
            renewal.with_user(self.user_engineer).action_start()
            renewal.with_user(self.user_engineer).action_done()
        self.assertEqual(renewal.licence_expiry_date, fields.Date.to_date("2028-03-01"))

    def test_no_licence_no_renewal(self):
        request = self._new_request(self.citizen_ar, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.user_center).action_renew_licence()
