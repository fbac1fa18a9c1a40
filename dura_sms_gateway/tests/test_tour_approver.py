from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestApproverTour(HttpCase):
    """The demo's SMS approver (approver) reads the audit log and approves a waiting
    template, in the browser, with only their group."""

    def test_approver_day(self):
        approver = self.env.ref("dura_sms_gateway.user_sms_approver")
        # one notice sent through the demo's sandbox provider, for the audit log to show
        self.env["sms.sms"].create(
            {
                "number": "0599123456",
                "body": "بلدية دورا: رسالة تجريبية",
                "dura_kind": "transactional",
            }
        )
        self.env["sms.sms"]._process_queue()
        self.assertTrue(self.env["dura.sms.message"].search_count([]))
        waiting = self.env["sms.template"].search(
            [("dura_approval_state", "!=", "approved")], order="name, id"
        )
        self.assertTrue(waiting, "the demo has a template waiting for approval")
        # the web client's bundles are built by a first page load: done here, so the browser
        # does not hold an idle connection open while they compile
        self.authenticate("approver", "approver")
        self.assertEqual(self.url_open("/odoo", timeout=120).status_code, 200)
        self.start_tour("/odoo", "dura_sms_approver_day", login="approver")
        approved = waiting.filtered(lambda t: t.dura_approval_state == "approved")
        self.assertEqual(len(approved), 1)
        self.assertEqual(approved.dura_approved_by_id, approver)
