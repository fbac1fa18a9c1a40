from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DuraUtilityRequestCommon


@tagged("post_install", "-at_install")
class TestUtilityCounter(DuraUtilityRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plumber = new_test_user(
            cls.env,
            login="plumber_no_mail",
            name="Officer Without Mail",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.plumber.email = False
        cls.department_water.write(
            {"member_ids": [Command.link(cls.plumber.id)], "default_user_id": cls.plumber.id}
        )

    def test_hold_before_the_meter_number(self):
        request = self._new_request(self.citizen_ar, service=self.service_water)
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        request.with_user(self.plumber).action_start()
        self.assertFalse(request.meter_number)
        # the form (as the officer) saves without the meter number: the hold button can run
        with Form(request.with_user(self.plumber)) as form:
            form.description = "The ownership proof is missing"
        self._reason_wizard(
            request, "hold", "Bring the ownership proof", self.plumber, missing=self.doc_id_card
        )
        self.assertEqual(request.state, "on_hold")
        line = request.document_ids.filtered(lambda d: d.document_type_id == self.doc_id_card)
        line.with_user(self.plumber).attachment_ids = self._attachment(user=self.plumber)
        request.with_user(self.plumber).action_resume()
        with self.assertRaisesRegex(UserError, "meter"), self.env.cr.savepoint():
            request.with_user(self.plumber).action_done()
        request.with_user(self.plumber).meter_number = "W-77"
        request.with_user(self.plumber).action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.sudo().subscription_id.meter_number, "W-77")

    def test_utility_page_and_partner_subscriptions_in_the_forms(self):
        """The request form has the Utility page, the citizen's form their subscriptions, for
        the counter and the departments."""
        for user in (self.user_center, self.plumber):
            with self.subTest(user=user.login):
                form = (
                    self.env["dura.service.request"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertIn('name="meter_number"', form)
                partner = self.env["res.partner"].with_user(user).get_views([(False, "form")])
                self.assertIn(
                    "utility_subscription_ids", partner["models"]["res.partner"]["fields"]
                )
