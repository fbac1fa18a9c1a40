from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestRequestSecurity(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Request = cls.env["dura.service.request"]
        service_eng = cls.service_complaint.copy(
            {"code": "T-ENG-COMPLAINT", "department_id": cls.department_engineering.id}
        )
        cls.request_eng = Request.create(
            {"partner_id": cls.citizen_ar.id, "service_type_id": service_eng.id}
        )
        cls.request_water = Request.create(
            {"partner_id": cls.citizen_en.id, "service_type_id": cls.service_complaint.id}
        )
        (cls.request_eng | cls.request_water).action_submit()
        cls.both = cls.request_eng | cls.request_water

    def _visible(self, user):
        return (
            self.env["dura.service.request"].with_user(user).search([("id", "in", self.both.ids)])
        )

    def test_department_officers_see_their_department_only(self):
        self.assertEqual(self._visible(self.user_engineer), self.request_eng)
        self.assertEqual(self._visible(self.user_water), self.request_water)
        with self.assertRaises(AccessError):
            self.request_water.with_user(self.user_engineer).read(["name"])
        with self.assertRaises(AccessError):
            self.request_water.with_user(self.user_engineer).action_start()
        self.request_eng.with_user(self.user_engineer).action_start()
        self.assertEqual(self.request_eng.state, "in_progress")

    def test_director_and_center_see_all(self):
        self.assertEqual(self._visible(self.user_director), self.both)
        self.assertEqual(self._visible(self.user_center), self.both)

    def test_center_cannot_process_department_officer_cannot_create(self):
        with self.assertRaises(AccessError):
            self.request_eng.with_user(self.user_center).action_start()
        with self.assertRaises(AccessError):
            self.env["dura.service.request"].with_user(self.user_engineer).create(
                {"partner_id": self.citizen_ar.id, "service_type_id": self.service_complaint.id}
            )

    def test_other_employees_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["dura.service.request"].with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            self.citizen_ar.with_user(self.user_employee).read(["dura_national_id"])
        self.citizen_ar.with_user(self.user_employee).read(["name"])
        self.assertEqual(self.citizen_ar.with_user(self.user_center).dura_national_id, "401234562")

    def test_hold_reason_is_staff_only(self):
        self.assertIn("hold_reason", self.env["dura.service.request"]._fields)
        field = self.env["dura.service.request"]._fields["hold_reason"]
        self.assertIn("group_department_officer", field.groups)

    def test_no_deletion_after_filing(self):
        for user in (self.user_center, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.request_water.with_user(user).unlink()
        self.request_water.with_user(self.user_center).action_archive()
        self.assertFalse(self.request_water.active)
        archived = (
            self.env["dura.service.request"]
            .with_user(self.user_director)
            .with_context(active_test=False)
            .search([("id", "=", self.request_water.id)])
        )
        self.assertEqual(archived, self.request_water)
        draft = (
            self.env["dura.service.request"]
            .with_user(self.user_center)
            .create(
                {"partner_id": self.citizen_ar.id, "service_type_id": self.service_complaint.id}
            )
        )
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_national_id_validated(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "X", "dura_national_id": "401234563"})
        partner = self.env["res.partner"].create({"name": "Y", "dura_national_id": "5050-5050 0"})
        self.assertEqual(partner.dura_national_id, "505050500")
