import json

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSelfReadingTour(HttpCase):
    def text(self, number, body):
        provider = self.provider.sudo()
        response = self.url_open(
            f"/dura_sms/inbound/{provider.id}/{provider.webhook_token}",
            data=json.dumps({"from": number, "text": body}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)

    def test_supervisor_reviews_the_readings_citizens_sent(self):
        """Three demo citizens text their meter's index to the provider's inbound route (real
        HTTP): one confirms with YES, one has not yet, one sent an index below the last
        reading. The reading supervisor (demo user supervisor, only the supervisors' group)
        reviews them and follows the confirmed one to its meter reading."""
        supervisor = self.env.ref("dura_utility_billing.user_reading_supervisor")
        self.assertFalse(supervisor.has_group("dura_utility_billing.group_utility_officer"))
        self.assertFalse(supervisor.has_group("dura_sms_gateway.group_sms_user"))
        self.provider = (
            self.env["dura.sms.provider"]
            .sudo()
            .create({"name": "Inbound JSON", "kind": "http_json", "url": "http://127.0.0.1:9/none"})
        )
        self.text("0599101918", "قراءة W-20582 3761")  # عمر السلايمة, last reading 3742
        self.text("+970599101918", "نعم")
        self.text("0599101096", "قراءة 20504 4940")  # فاطمة الحروب, not confirmed
        self.text("0599100274", "قراءة W-20426 3400")  # خالد أبو شرخ, last reading 3413
        self.start_tour("/odoo", "dura_utility_self_reading", login="supervisor", timeout=120)
        proposals = self.env["dura.utility.self.reading"].search([], order="id")
        self.assertEqual(
            [(p.meter_number, p.state) for p in proposals],
            [("W-20582", "confirmed"), ("W-20504", "proposed"), ("W-20426", "refused")],
        )
        reading = proposals[0].reading_id
        self.assertRecordValues(
            reading,
            [
                {
                    "source": "citizen_sms",
                    "value": 3761.0,
                    "consumption": 19.0,
                    "validation_state": "valid",
                    "period": fields.Date.context_today(supervisor).strftime("%Y-%m"),
                }
            ],
        )
