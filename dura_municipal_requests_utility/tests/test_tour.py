from odoo.tests import HttpCase, tagged

ACTION = "/odoo/action-dura_municipal_requests.action_dura_service_request"


@tagged("post_install", "-at_install")
class TestUtilityRoleTours(HttpCase):
    """The water department completes a water connection in Chromium, as the demo role user
    (no e-mail address, only its role's groups), on the demo data: the subscription follows."""

    def test_department_officer_enters_the_meter_and_completes(self):
        water = self.env.ref("dura_municipal_requests.user_officer_water")
        request = self.env.ref("dura_municipal_requests.request_water_filed")
        self.assertEqual(request.state, "filed")
        self.assertEqual(request.completion_effect, "water_subscription")
        self.assertEqual(request.user_id, water)

        self.start_tour(ACTION, "dura_request_department_officer_utility", login="water")

        self.assertEqual(request.state, "done")
        self.assertEqual(request.sudo().hold_reason, "مخطط الموقع المرفق لا يخص العقار")
        self.assertEqual(request.meter_number, "W-DURA-0420")
        subscription = request.sudo().subscription_id
        self.assertEqual(subscription.meter_number, "W-DURA-0420")
        self.assertEqual(subscription.utility, "water")
        self.assertEqual(subscription.partner_id, request.partner_id)
        self.assertEqual(subscription.state, "draft")
