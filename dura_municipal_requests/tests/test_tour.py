from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFrontDeskTour(HttpCase):
    def test_front_desk_files_by_registering_payment(self):
        self.env.company.country_id = self.env.ref("base.ps")
        self.env["dura.service.request"]._dura_approve_sms_templates()
        new_test_user(
            self.env,
            login="tour_center",
            name="Tour Center",
            groups="dura_municipal_requests.group_service_center_officer",
        )
        department = self.env["dura.municipal.department"].create(
            {"name": "Tour Department", "code": "TOUR"}
        )
        fee = self.env["product.product"].create(
            {
                "name": "Tour fee",
                "type": "service",
                "list_price": 25.0,
                "taxes_id": [Command.clear()],
            }
        )
        self.env["dura.service.type"].create(
            {
                "name": "Tour Service",
                "code": "TOUR",
                "department_id": department.id,
                "fee_product_id": fee.id,
            }
        )
        citizen = self.env["res.partner"].create(
            {
                "name": "Tour Citizen",
                "dura_national_id": "401234562",
                "mobile": "0599000111",
                "lang": "en_US",
            }
        )
        self.start_tour("/odoo", "dura_request_front_desk", login="tour_center")
        request = self.env["dura.service.request"].search([("partner_id", "=", citizen.id)])
        self.assertEqual(request.state, "filed")
        self.assertEqual(request.payment_state, "paid")
        sms = self.env["sms.sms"].search(
            [("dura_res_model", "=", request._name), ("dura_res_id", "=", request.id)]
        )
        self.assertEqual(sms.number, "+970599000111")
        self.assertEqual(sms.state, "outgoing")
