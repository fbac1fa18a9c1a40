from odoo.tests import tagged

from odoo.addons.dura_sms_gateway.tools.sms_segments import count_segments

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestRequestSms(DuraRequestCommon):
    def test_template_segments(self):
        """Arabic fits one UCS-2 segment where possible, never more than two, with realistic
        values (a 13-character tracking number, two missing documents)."""
        request = self._new_request(self.citizen_ar, attach_all=False)
        request.name = "DR-2026-00042"
        budgets = {"filed": 1, "on_hold": 2, "done": 1, "rejected": 1}
        for step, budget in budgets.items():
            template = self.env.ref(f"dura_municipal_requests.sms_template_request_{step}")
            for citizen in (self.citizen_ar, self.citizen_en):
                request.partner_id = citizen
                body = template._render_field("body", request.ids, compute_lang=True)[request.id]
                info = count_segments(body)
                with self.subTest(step=step, lang=citizen.lang):
                    self.assertLessEqual(info.segments, budget, body)
                    self.assertEqual(
                        info.encoding, "ucs2" if citizen == self.citizen_ar else "gsm7"
                    )

    def test_inbound_status_query(self):
        request = self._new_request(self.citizen_ar)
        request.with_user(self.user_center).action_submit()
        Inbound = self.env["dura.sms.inbound"]
        self.assertEqual(
            Inbound._answer("+970599123456", f"status {request.name.lower()}"),
            f"بلدية دورا: الطلب {request.name} بانتظار الدفع.",
        )
        # the same subscriber through the Israeli prefix
        self._pay(request.invoice_id)
        self.assertEqual(
            Inbound._answer("+972599123456", request.name),
            f"بلدية دورا: الطلب {request.name} مسجل.",
        )
        # somebody else's number, or no tracking number: no answer
        self.assertFalse(Inbound._answer("+970598765432", request.name))
        self.assertFalse(Inbound._answer("+970599123456", "hello"))
        self.assertFalse(Inbound._answer("+970599123456", "DR-2026-99999"))

    def test_inbound_status_query_english(self):
        request = self._new_request(self.citizen_en, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        self.assertEqual(
            self.env["dura.sms.inbound"]._answer("+970598765432", request.name),
            f"Dura Municipality: request {request.name} is Filed.",
        )

    def test_service_type_template_override(self):
        custom = self.env.ref("dura_municipal_requests.sms_template_request_filed").copy(
            {"body": "Water: {{ object.name }} registered."}
        )
        self.env["dura.service.request.demo"]._approve_sms_templates(custom)
        self.service_complaint.sms_filed_template_id = custom
        request = self._new_request(self.citizen_en, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        self.assertEqual(self._sms_of(request).body, f"Water: {request.name} registered.")

    def test_automation_rules_are_data(self):
        rules = self.env["base.automation"].search(
            [("model_id.model", "=", "dura.service.request")]
        )
        self.assertEqual(
            set(rules.mapped("trg_selection_field_id.value")),
            {"filed", "on_hold", "done", "rejected"},
        )
        rule = self.env.ref("dura_municipal_requests.automation_request_done_sms")
        rule.active = False
        request = self._new_request(self.citizen_en, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        self.assertEqual(len(self._sms_of(request)), 1, "an admin disabled the 'done' SMS")

    def test_sms_refusal_never_blocks(self):
        """The gateway refuses an SMS (here: its template was edited and no SMS approver has
        approved the new text yet): the request still changes state and says why the
        citizen got no SMS."""
        self.assertTrue(self.env["dura.sms.provider"]._dura_gateway_active())
        template = self.service_complaint._get_sms_template("filed")
        template.body = template.body + " "  # an edited text waits for approval again
        self.assertEqual(template.dura_approval_state, "draft")
        request = self._new_request(self.citizen_en, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "filed")
        self.assertFalse(self._sms_of(request))
        self.assertIn("not been approved", request.message_ids[0].body)
