from odoo.tests import Form, tagged

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestRequestViews(DuraRequestCommon):
    def test_views_load_for_each_role(self):
        action = self.env.ref("dura_municipal_requests.action_dura_service_request")
        views = [(False, mode) for mode in action.view_mode.split(",")] + [(False, "search")]
        for user in (self.user_center, self.user_engineer, self.user_director):
            with self.subTest(user=user.login):
                result = self.env["dura.service.request"].with_user(user).get_views(views)
                self.assertEqual(
                    set(result["views"]), {mode for _view, mode in views}, "every view loads"
                )
                form_fields = result["models"]["dura.service.request"]["fields"]
                self.assertIn("national_id", form_fields, "staff see the national ID")
            partner_views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            self.assertIn("dura_request_ids", partner_views["models"]["res.partner"]["fields"])
        partner_views = (
            self.env["res.partner"].with_user(self.user_employee).get_views([(False, "form")])
        )
        self.assertNotIn("dura_national_id", partner_views["models"]["res.partner"]["fields"])

    def test_department_officer_edits_in_form(self):
        request = self._new_request(self.citizen_ar)
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        with Form(request.with_user(self.user_engineer)) as form:
            form.description = "Checked on site"
            with form.document_ids.edit(0) as line:
                line.note = "Original seen"
        self.assertEqual(request.description, "Checked on site")
        self.assertEqual(request.document_ids[0].note, "Original seen")
