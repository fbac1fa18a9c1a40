from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

ACTION = "/odoo/action-dura_municipal_requests.action_dura_service_request"


@tagged("post_install", "-at_install")
class TestClearanceTour(HttpCase):
    """The front desk registers clearances in Chromium as the demo user frontdesk (only the
    service center's groups), on the demo data: one citizen owes nothing, one owes."""

    # the refusal the tour checks is a UserError, which Odoo's web server logs as a warning
    @mute_logger("odoo.http")
    def test_front_desk_registers_and_is_refused(self):
        ref = self.env.ref
        service = ref("dura_municipal_requests.service_clearance")
        mariam = ref("dura_municipal_requests.citizen_mariam")
        khaled = ref("dura_municipal_requests.citizen_khaled")
        self.assertFalse(mariam._dura_utility_arrears())
        self.assertEqual(
            [
                (line.subscription.meter_number, line.amount)
                for line in khaled._dura_utility_arrears()
            ],
            [("W-DURA-0177", 186.5)],
        )

        self.start_tour(ACTION, "dura_clearance_front_desk", login="frontdesk")

        Request = self.env["dura.service.request"]
        granted = Request.search(
            [("partner_id", "=", mariam.id), ("service_type_id", "=", service.id)]
        )
        self.assertEqual(granted.state, "awaiting_payment")
        self.assertEqual(granted.invoice_id.state, "posted")
        refused = Request.search(
            [("partner_id", "=", khaled.id), ("service_type_id", "=", service.id)]
        )
        self.assertEqual((refused.state, refused.invoice_id.id), ("draft", False))
