from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DuraSmsCase


@tagged("post_install", "-at_install")
class TestResendFailed(DuraSmsCase):
    """The approver sends failed messages again from the audit log, in bulk."""

    def setUp(self):
        super().setUp()
        self.approver = new_test_user(
            self.env, login="resend_approver", groups="dura_sms_gateway.group_sms_approver"
        )
        self.sms_user = new_test_user(
            self.env, login="resend_user", groups="dura_sms_gateway.group_sms_user"
        )
        self.server = self.start_server()
        self.down = True
        self.server.default = lambda request: (
            {"status": 503, "body": "maintenance"} if self.down else self.server.accept(request)
        )
        self.make_provider(self.server, max_attempts=1)

    def test_resend_is_a_new_attempt_of_the_same_entry(self):
        sms = self.queue_sms(["0599123456", "0599123457", "12"])
        self.dispatch()
        entries = self.audit(sms)
        self.assertEqual(entries.mapped("state"), ["failed"] * 3)
        self.down = False
        before = {entry: entry.attempts for entry in entries}
        tried = len(self.server.sent_ids())
        result = entries.with_user(self.approver).action_resend_failed()
        self.assertIn("2 message(s) queued again; 1 skipped", result["params"]["message"])
        self.assertEqual(
            sorted(entries.mapped("state")), ["failed", "queued", "queued"], "not the bad number"
        )
        self.dispatch()
        after = self.audit(sms)
        self.assertEqual(after, entries, "the same entries, never a second one")
        good = after.filtered(lambda entry: entry.number != "12")
        self.assertEqual(good.mapped("state"), ["accepted"] * 2)
        self.assertTrue(
            all(entry.attempts > before[entry] for entry in good), "the new attempt is counted"
        )
        history = good[0].event_ids.mapped("state")
        self.assertEqual(history, ["queued", "failed", "queued", "accepted"])
        self.assertIn("Sent again by", good[0].event_ids[2].detail)
        resent = self.server.sent_ids()[tried:]
        self.assertEqual(sorted(resent), sorted(good.mapped("uuid")), "each sent again once")

    def test_only_approvers_resend(self):
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        entry = self.audit(sms)
        with self.assertRaises(AccessError):
            entry.with_user(self.sms_user).action_resend_failed()
        self.assertEqual(entry.state, "failed", "nothing changed")
