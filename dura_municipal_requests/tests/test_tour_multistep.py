from odoo.tests import HttpCase, tagged

ACTION = "/odoo/action-dura_municipal_requests.action_dura_service_request"


@tagged("post_install", "-at_install")
class TestMultiStepTour(HttpCase):
    """A building permit in Chromium: the counter (frontdesk) sees its fee computed from the
    area before submitting; the engineering officer (engineering) completes the field
    inspection with its checklist."""

    def test_building_permit_from_counter_to_field_inspection(self):
        ref = self.env.ref
        Request = self.env["dura.service.request"]
        service = ref("dura_municipal_requests.service_building_permit")
        last = Request.with_context(active_test=False).search([], order="id desc", limit=1)

        self.start_tour(ACTION, "dura_front_desk_building_permit", login="frontdesk")

        request = Request.search([("id", ">", last.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.service_type_id, service)
        self.assertEqual(request.create_uid, ref("dura_municipal_requests.user_front_desk"))
        self.assertEqual((request.fee_quantity, request.fee_amount), (240.0, 700.0))
        self.assertEqual(request.state, "awaiting_payment")
        self.assertEqual(request.invoice_id.amount_total, 700.0)

        permit = ref("dura_municipal_requests.request_permit_inspection")
        engineer = ref("dura_municipal_requests.user_officer_engineering")
        inspection = permit.current_step_id
        self.assertEqual(
            inspection.step_id,
            ref("dura_municipal_requests.service_building_permit_step_inspection"),
        )
        self.start_tour(
            f"{ACTION}/{permit.id}", "dura_engineering_field_inspection", login="engineering"
        )

        self.assertEqual((inspection.state, inspection.done_by_id), ("done", engineer))
        self.assertTrue(all(inspection.check_ids.mapped("done")))
        self.assertEqual(inspection.check_ids.done_by_id, engineer)
        self.assertEqual(
            permit.current_step_id.step_id,
            ref("dura_municipal_requests.service_building_permit_step_approval"),
        )
        self.assertEqual(permit.user_id, ref("base.user_admin"))
        self.assertEqual(permit.state, "in_progress")
