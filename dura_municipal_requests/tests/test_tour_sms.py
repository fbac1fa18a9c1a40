import json

from odoo.tests import HttpCase, tagged

AR_STOP = (
    "بلدية دورا: لن تصلك الرسائل العامة بعد الآن، وستظل إشعارات طلباتك الخاصة تصلك. "
    "أرسل «اشتراك» أو START لإعادة الاشتراك."
)


@tagged("post_install", "-at_install")
class TestSmsItAdminTour(HttpCase):
    """The demo's IT administrator (itadmin) tries STOP and a status query on the demo's
    sandbox provider, in the browser, with only their groups."""

    def test_it_admin_simulates_inbound_sms(self):
        citizen = self.env.ref("dura_municipal_requests.citizen_ahmad")
        self.assertEqual(citizen.lang, "ar_001", "the demo citizen writes Arabic")
        self.env["phone.blacklist"].sudo().search(
            [("number", "in", ["+970599123456", "+972599123456"])]
        ).unlink()
        # the tester is handed a demo request: its tracking number, its citizen's mobile
        handed = self.env.ref("dura_municipal_requests.request_filed")
        self.assertTrue(handed.mobile)
        data = json.dumps({"tracking": handed.name, "number": handed.mobile})
        options = json.dumps({"stepDelay": 0, "startUrl": "/odoo"})
        self.start_tour(
            "/odoo",
            "dura_sms_it_admin_inbound",
            login="itadmin",
            code=f"sessionStorage.setItem('dura_sms_tour', {json.dumps(data)}); "
            f"odoo.startTour('dura_sms_it_admin_inbound', {options})",
        )

        inbound = self.env["dura.sms.inbound"].search([("simulated", "=", True)], order="id")
        self.assertEqual(inbound.mapped("action"), ["stop", "answered"])
        stop, status = inbound
        self.assertEqual(
            (stop.number, stop.partner_id, stop.lang), ("+970599123456", citizen, "ar_001")
        )
        self.assertTrue(
            self.env["phone.blacklist"].search_count([("number", "=", "+970599123456")])
        )
        reply = self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.sms.inbound"), ("dura_res_id", "=", stop.id)]
        )
        self.assertEqual((reply.body, reply.state), (AR_STOP, "outgoing"), "queued in Arabic")
        request = handed
        self.assertEqual(status.body, handed.name)
        self.assertEqual(
            status.reply,
            f"بلدية دورا: الطلب {request.name} "
            f"{request.with_context(lang='ar_001')._get_state_label()}.",
        )
        # the queue cron sends the replies within seconds (run here): then the IT admin
        # finds the Arabic confirmation in the audit log
        self.env["sms.sms"]._process_queue()
        self.assertEqual(stop.reply_message_id.body, AR_STOP)
        self.start_tour("/odoo", "dura_sms_it_admin_audit", login="itadmin")


@tagged("post_install", "-at_install")
class TestStatusQuerySimulated(HttpCase):
    """A status query typed in the sandbox wizard is answered exactly as one a provider posts
    to the inbound route (the Arabic-Indic digits of a phone keyboard included)."""

    def test_same_answer(self):
        handed = self.env.ref("dura_municipal_requests.request_filed")
        route_provider = self.env["dura.sms.provider"].create(
            {"name": "Route", "kind": "http_json", "url": "http://127.0.0.1:9/none"}
        )
        sandbox = self.env.ref("dura_sms_gateway.provider_sandbox")
        arabic_digits = handed.name.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        for text in (handed.name, f"حالة {arabic_digits.lower()}"):
            response = self.url_open(
                f"/dura_sms/inbound/{route_provider.id}/{route_provider.webhook_token}",
                data=json.dumps({"from": handed.mobile, "text": text}),
                headers={"Content-Type": "application/json"},
            )
            self.assertEqual(response.status_code, 200)
            self.env["dura.sms.inbound.simulate"].create(
                {"provider_id": sandbox.id, "number": handed.mobile, "text": text}
            ).action_simulate()
        self.env.invalidate_all()
        inbound = self.env["dura.sms.inbound"].search(
            [("provider_id", "in", (route_provider | sandbox).ids)], order="id"
        )
        self.assertEqual(inbound.mapped("simulated"), [False, True, False, True])
        self.assertEqual(set(inbound.mapped("action")), {"answered"})
        expected = (
            f"بلدية دورا: الطلب {handed.name} "
            f"{handed.with_context(lang='ar_001')._get_state_label()}."
        )
        self.assertEqual(set(inbound.mapped("reply")), {expected})
