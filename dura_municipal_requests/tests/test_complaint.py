import base64
import datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DuraRequestCommon

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestComplaints(DuraRequestCommon):
    """Complaints: a category routes them, possible duplicates show at the counter, and
    duplicates merged into one file follow its outcome, every citizen texted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_complaint.is_complaint = True
        cls.category_leak = cls.env["dura.complaint.category"].create(
            {"name": "Water leak", "department_id": cls.department_water.id}
        )
        cls.category_road = cls.env["dura.complaint.category"].create(
            {"name": "Road", "department_id": cls.department_engineering.id}
        )

    def _complaint(self, citizen=None, category=None, quarter="الكرمة", submit=True):
        request = self._new_request(citizen or self.citizen_ar, self.service_complaint)
        request.write(
            {
                "complaint_category_id": (category or self.category_leak).id,
                "location_quarter": quarter,
                "location_landmark": "قرب المسجد",
            }
        )
        if submit:
            request.with_user(self.user_center).action_submit()
        return request

    def _photo(self, name="leak.png", mimetype="image/png"):
        return (
            self.env["ir.attachment"]
            .with_user(self.user_center)
            .create(
                {
                    "name": name,
                    "raw": PNG,
                    "mimetype": mimetype,
                    "res_model": "dura.service.request",
                }
            )
        )

    def test_category_routes_the_complaint(self):
        road = self._complaint(category=self.category_road)
        self.assertEqual(road.state, "filed")
        self.assertEqual(road.department_id, self.department_engineering)
        self.assertEqual(road.user_id, self.user_engineer)
        leak = self._complaint()
        self.assertEqual(leak.department_id, self.department_water)

    def test_possible_duplicates(self):
        first = self._complaint()
        draft = self._complaint(citizen=self.citizen_en, quarter=" الكرمة ", submit=False)
        self.assertEqual(draft.duplicate_ids, first, "same category, same quarter, open")
        self.assertFalse(self._complaint(quarter="الحرايق", submit=False).duplicate_ids)
        self.assertFalse(self._complaint(category=self.category_road, submit=False).duplicate_ids)
        with freeze_time(fields.Datetime.now() + datetime.timedelta(days=31)):
            draft.invalidate_recordset(["duplicate_ids"])
            self.assertFalse(draft.duplicate_ids, "a month old: not recent")

    def test_merge_follows_the_outcome_and_texts_everyone(self):
        master = self._complaint()
        duplicate = self._complaint(citizen=self.citizen_en)
        self.assertEqual(master.duplicate_ids, duplicate)
        with self.assertRaises(AccessError):
            master.with_user(self.user_center).action_merge_duplicates()
        master.with_user(self.user_water).action_merge_duplicates()
        self.assertEqual(duplicate.merged_into_id, master)
        self.assertFalse(master.duplicate_ids)
        self.assertFalse(duplicate.activity_ids, "the work is on the master's file")
        # the SMS is posted on the complaint's chatter (the gateway's post=True)
        merged_sms = duplicate.message_ids.filtered(
            lambda m: m.message_type == "sms" and master.name in (m.body or "")
        )
        self.assertEqual(len(merged_sms), 1)
        self.assertIn(
            f"Dura Municipality: your complaint {duplicate.name} joins file {master.name} "
            "about the same matter. We will text you its outcome.",
            merged_sms.body,
        )
        # the duplicate's own clock stops: never overdue, never escalated
        duplicate.sla_deadline = fields.Date.today() - datetime.timedelta(days=5)
        self.assertFalse(duplicate.is_overdue)
        master.with_user(self.user_water).action_start()
        master.with_user(self.user_water).action_done()
        self.assertEqual(duplicate.state, "done")
        self.assertTrue(
            self._sms_of(duplicate).filtered(lambda sms: "is done" in sms.body),
            "its citizen is told the outcome",
        )

    def test_merge_rejected_file_and_bad_merges(self):
        master = self._complaint()
        duplicate = self._complaint(citizen=self.citizen_en)
        other = self._complaint(category=self.category_road)
        with self.assertRaises(UserError):
            other._merge_into(master)  # another category
        with self.assertRaises(UserError):
            other.with_user(self.user_engineer).action_merge_duplicates()  # no duplicate
        master.with_user(self.user_water).action_merge_duplicates()
        with self.assertRaises(UserError):
            duplicate._merge_into(other)  # merged already
        self._reason_wizard(master, "reject", "ليس من اختصاص البلدية", self.user_water)
        self.assertEqual(master.state, "rejected")
        self.assertEqual(
            (duplicate.state, duplicate.rejection_reason), ("rejected", "ليس من اختصاص البلدية")
        )

    def test_photos_belong_to_their_request_and_are_images(self):
        photo = self._photo()
        request = self._complaint(submit=False)
        request.with_user(self.user_center).photo_ids = [Command.link(photo.id)]
        self.assertEqual((photo.res_model, photo.res_id), (request._name, request.id))
        # the department it is routed to reads it
        request.with_user(self.user_center).action_submit()
        self.assertEqual(photo.with_user(self.user_water).read(["name"])[0]["name"], "leak.png")
        with self.assertRaises(UserError):
            request.photo_ids = [Command.link(self._photo("plan.pdf", "application/pdf").id)]
