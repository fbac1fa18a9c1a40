from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import DuraSmsCase


@tagged("post_install", "-at_install")
class TestApprovalAndOptOut(DuraSmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = new_test_user(cls.env, "sms_sender", groups="dura_sms_gateway.group_sms_user")
        cls.approver = new_test_user(
            cls.env, "sms_approver", groups="dura_sms_gateway.group_sms_approver"
        )
        cls.citizens = cls.env["res.partner"].create(
            [{"name": f"Citizen {i}", "mobile": f"05991234{i:02d}"} for i in range(5)]
        )
        cls.template = cls.env["sms.template"].create(
            {
                "name": "Water outage",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "body": "بلدية دورا: انقطاع المياه غدا من 8 حتى 12",
                "dura_kind": "bulk",
            }
        )

    def mass_send(self, template=None, body=None, user=None):
        composer = (
            self.env["sms.composer"]
            .with_user(user or self.sender)
            .with_context(active_model="res.partner", active_ids=self.citizens.ids)
            .create(
                {
                    "composition_mode": "mass",
                    "template_id": template.id if template else False,
                    "body": body or (template.body if template else "x"),
                    "mass_keep_log": False,
                }
            )
        )
        composer.action_send_sms()
        return self.env["sms.sms"].search([("partner_id", "in", self.citizens.ids)])

    def test_bulk_waits_for_approval(self):
        server = self.start_server()
        self.make_provider(server)
        sms = self.mass_send(body="بلدية دورا: حملة نظافة يوم الجمعة")
        self.assertEqual(len(sms), 5)
        self.assertEqual(set(sms.mapped("state")), {"to_approve"})
        batch = sms.dura_batch_id
        self.assertEqual(len(batch), 1)
        self.assertEqual((batch.sms_count, batch.segment_count), (5, 5))
        self.assertAlmostEqual(batch.estimated_cost, 0.25)
        self.dispatch()
        self.assertFalse(server.requests, "nothing leaves before approval")

        with self.assertRaises(UserError):
            batch.with_user(self.sender).action_approve()
        batch.with_user(self.approver).action_approve()
        self.assertEqual(batch.state, "approved")
        self.assertEqual(batch.approved_by_id, self.approver)
        self.assertTrue(batch.approved_date)
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.dispatch()
        self.assertEqual(len(server.requests), 5)
        self.assertEqual(set(self.audit(sms).mapped("kind")), {"bulk"})

    def test_rejected_batch_sends_nothing(self):
        server = self.start_server()
        self.make_provider(server)
        sms = self.mass_send(body="رسالة غير مراجعة")
        sms.dura_batch_id.with_user(self.approver).action_reject("wrong date")
        self.assertEqual(set(sms.mapped("state")), {"canceled"})
        self.dispatch()
        self.assertFalse(server.requests)

    def test_unapproved_template_cannot_send(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        with self.assertRaises(UserError):
            self.mass_send(template=self.template)
        with self.assertRaises(UserError):
            self.citizens[0]._message_sms_with_template(template=self.template)

    def test_approved_transactional_template_flows(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        self.template.dura_kind = "transactional"
        with self.assertRaises(UserError):
            self.template.with_user(self.sender).action_dura_approve()
        self.template.with_user(self.approver).action_dura_approve()
        sms = self.mass_send(template=self.template)
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.assertEqual(set(sms.mapped("dura_kind")), {"transactional"})
        # editing the text withdraws the approval
        self.template.body = "نص جديد"
        self.assertEqual(self.template.dura_approval_state, "draft")

    def test_segments_shown_on_template(self):
        self.assertEqual(self.template.dura_segment_info, "41 characters, UCS-2, 1 segment(s)")

    def test_blacklist_applies_to_bulk_only_and_to_both_country_codes(self):
        server = self.start_server()
        self.make_provider(server)
        # the citizen opted out while writing their number with +972
        self.env["phone.blacklist"]._add(["+972599123400"])
        bulk = self.queue_sms(["0599123400"], dura_kind="bulk")
        bulk.dura_batch_id.action_approve()
        notice = self.queue_sms(["0599123400"], body="طلبك جاهز", dura_kind="transactional")
        self.dispatch()
        self.assertEqual((bulk.state, bulk.failure_type), ("canceled", "sms_blacklist"))
        self.assertEqual(self.audit(bulk).state, "canceled")
        self.assertEqual(notice.state, "pending", "a notice about the citizen's own file arrives")
        self.assertEqual(server.sent_ids(), [notice.uuid])

    def test_stop_and_start(self):
        provider = self.make_provider(kind="sandbox", name="Sandbox")
        Inbound = self.env["dura.sms.inbound"]
        from ..tools.providers import InboundMessage

        stop = Inbound._receive(provider, InboundMessage("972599123456", " إلغاء "))
        self.assertEqual(stop.action, "stop")
        self.assertTrue(self.env["phone.blacklist"].search([("number", "=", "+970599123456")]))
        reply = self.env["sms.sms"].search([("dura_res_id", "=", stop.id)])
        self.assertEqual(reply.number, "+970599123456")
        self.assertIn("START", reply.body)
        start = Inbound._receive(provider, InboundMessage("+970599123456", "start"))
        self.assertEqual(start.action, "start")
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", "+970599123456")]))
        other = Inbound._receive(provider, InboundMessage("0599123456", "hello"))
        self.assertEqual(other.action, "help", "an unknown text gets the short help reply")
        self.assertIn("STOP", other.reply)
