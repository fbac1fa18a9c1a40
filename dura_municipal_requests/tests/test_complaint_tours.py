from odoo.tests import HttpCase, tagged

ACTION = "/odoo/action-dura_municipal_requests.action_dura_service_request"


@tagged("post_install", "-at_install")
class TestComplaintTours(HttpCase):
    """A complaint with a photo registered at the counter, warned of its duplicate; the
    duplicate merged by the Water department and completed with its file."""

    def _sms_bodies(self, request):
        return (
            self.env["sms.sms"]
            .sudo()
            .search([("dura_res_model", "=", request._name), ("dura_res_id", "=", request.id)])
            .mapped("body")
        )

    def test_front_desk_registers_a_complaint_with_a_photo(self):
        Request = self.env["dura.service.request"]
        before = Request.search([]).ids
        self.start_tour("/odoo", "dura_front_desk_complaint", login="frontdesk")
        complaint = Request.search([("id", "not in", before)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "filed")
        self.assertEqual(
            complaint.department_id, self.env.ref("dura_municipal_requests.department_water")
        )
        self.assertEqual(complaint.photo_ids.mapped("name"), ["تسرب الكرمة.png"])
        self.assertEqual(
            (complaint.photo_ids.res_model, complaint.photo_ids.res_id),
            (complaint._name, complaint.id),
        )
        self.assertIn(self.env.ref("dura_municipal_requests.request_leak"), complaint.duplicate_ids)

    def test_water_officer_merges_the_duplicate(self):
        leak = self.env.ref("dura_municipal_requests.request_leak")
        duplicate = self.env.ref("dura_municipal_requests.request_leak_duplicate")
        self.assertEqual(leak.duplicate_ids, duplicate)
        self.start_tour(f"{ACTION}/{leak.id}", "dura_water_merge_duplicates", login="water")
        self.assertEqual(duplicate.merged_into_id, leak)
        self.assertEqual((leak.state, duplicate.state), ("done", "done"))
        bodies = self._sms_bodies(duplicate)
        self.assertTrue(any(leak.name in body for body in bodies), bodies)
        self.assertTrue(any("تم إنجاز" in body for body in bodies), bodies)
