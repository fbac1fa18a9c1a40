from odoo.tests import HttpCase, tagged

from .common import ScriptedProvider


@tagged("post_install", "-at_install")
class TestResendTour(HttpCase):
    """As the demo SMS approver (only that group), on the demo data: two notices failed while
    a provider was down; the approver sends them again from the audit log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tour reads the gateway's labels in Arabic: they are in the database only if
        # Arabic was active when the gateway was installed, or a later addon loaded them (the
        # service center's demo does; billing's loads only its own)
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_sms_gateway"], ["ar_001"])

    def test_approver_sends_failed_messages_again(self):
        server = ScriptedProvider().start()
        self.addCleanup(server.stop)
        server.default = lambda request: {"status": 503, "body": "maintenance"}
        sandbox = self.env.ref("dura_sms_gateway.provider_sandbox")
        sandbox.active = False
        down = self.env["dura.sms.provider"].create(
            {"name": "Jawwal (down)", "kind": "http_json", "url": server.url, "max_attempts": 1}
        )
        sms = self.env["sms.sms"].create(
            [
                {"number": "0599123456", "body": "TOUR-RESEND 1 فاتورة المياه"},
                {"number": "0569123456", "body": "TOUR-RESEND 2 فاتورة الكهرباء"},
            ]
        )
        self.env["sms.sms"]._process_queue()
        entries = self.env["dura.sms.message"].search([("uuid", "in", sms.mapped("uuid"))])
        self.assertEqual(entries.mapped("state"), ["failed", "failed"])
        # the provider is back (the demo's sandbox)
        down.active = False
        sandbox.active = True
        self.start_tour("/odoo", "dura_sms_resend_failed", login="approver")
        self.assertEqual(entries.mapped("state"), ["queued", "queued"])
        self.env["sms.sms"]._process_queue()
        self.assertEqual(entries.mapped("state"), ["delivered", "delivered"])
        self.assertEqual(len(entries.event_ids.filtered(lambda e: e.state == "queued")), 4)
