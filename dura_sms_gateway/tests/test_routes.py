import hashlib
import hmac
import json
import time

from odoo.tests import HttpCase, tagged

from .common import DuraSmsCase


@tagged("post_install", "-at_install")
class TestCallbackRoutes(HttpCase, DuraSmsCase):
    """Delivery reports and inbound messages through Odoo's real HTTP routes."""

    def setUp(self):
        super().setUp()
        self.server = self.start_server()
        self.provider = self.make_provider(self.server)
        self.sms = self.queue_sms(["0599123456"])
        self.sms_uuid = self.sms.uuid
        self.dispatch()
        self.entry = self.audit(self.sms)
        self.token = self.provider.webhook_token

    def post_dlr(self, payload, token=None, headers=None, provider=None, raw=None):
        provider = provider or self.provider
        return self.url_open(
            f"/dura_sms/dlr/{provider.id}/{token or self.token}",
            data=raw if raw is not None else json.dumps(payload),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    def test_delivered_report_updates_everything(self):
        notification_partner = self.partner_ar
        response = self.post_dlr({"id": self.sms_uuid, "status": "delivered"})
        self.assertEqual((response.status_code, response.text), (200, "OK"))
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.state, "delivered")
        self.assertTrue(self.entry.delivered_date)
        self.assertEqual(self.entry.event_ids.mapped("state"), ["queued", "accepted", "delivered"])
        self.assertEqual(self.sms.exists().state, "sent")
        self.assertTrue(notification_partner)

    def test_status_never_moves_backwards(self):
        self.post_dlr({"id": self.sms_uuid, "status": "delivered"})
        # a late "accepted" report and a replayed "failed" change nothing but the history
        self.post_dlr({"id": self.sms_uuid, "status": "accepted"})
        self.post_dlr({"id": self.sms_uuid, "status": "failed"})
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.state, "delivered")
        self.assertEqual(len(self.entry.event_ids), 5)

    def test_failed_report_reaches_the_chatter_notification(self):
        self.partner_ar._message_sms("طلبك جاهز", partner_ids=self.partner_ar.ids)
        sms = self.env["sms.sms"].search([("state", "=", "outgoing")])
        self.dispatch()
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.partner_ar.id),
                ("notification_type", "=", "sms"),
            ]
        )
        self.assertEqual(notification.notification_status, "pending")
        response = self.post_dlr({"id": sms.uuid, "status": "undelivered", "error": "absent"})
        self.assertEqual(response.status_code, 200)
        entry = self.audit(sms)
        self.assertEqual(entry.state, "failed")
        self.assertIn("absent", entry.last_error)
        notification.invalidate_recordset()
        self.assertEqual(
            (notification.notification_status, notification.failure_type),
            ("exception", "sms_not_delivered"),
        )
        self.assertEqual((sms.exists().state, sms.failure_type), ("error", "unknown"))

    def test_authentication_refusals(self):
        cases = [
            ("wrong token", dict(token="not-the-secret")),
            ("other provider's token", dict(provider=self.make_provider(self.server, name="B"))),
        ]
        for label, kwargs in cases:
            with self.subTest(label):
                response = self.post_dlr({"id": self.sms_uuid, "status": "delivered"}, **kwargs)
                self.assertEqual(response.status_code, 403)
        self.provider.active = False
        response = self.post_dlr({"id": self.sms_uuid, "status": "delivered"})
        self.assertEqual(response.status_code, 403, "an archived provider accepts nothing")
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.state, "accepted", "no refused report changed anything")

    def test_hmac_signed_reports(self):
        self.provider.dlr_auth = "hmac"
        body = json.dumps({"id": self.sms_uuid, "status": "delivered"}).encode()
        stamp = str(int(time.time()))
        good = hmac.new(self.token.encode(), stamp.encode() + b"." + body, hashlib.sha256)
        unsigned = self.post_dlr(None, raw=body)
        self.assertEqual(unsigned.status_code, 403)
        wrong = self.post_dlr(
            None,
            raw=body,
            headers={
                "X-Dura-Timestamp": stamp,
                "X-Dura-Signature": "sha256=" + "0" * 64,
            },
        )
        self.assertEqual(wrong.status_code, 403)
        old_stamp = str(int(time.time()) - 3600)
        old = hmac.new(self.token.encode(), old_stamp.encode() + b"." + body, hashlib.sha256)
        replayed = self.post_dlr(
            None,
            raw=body,
            headers={
                "X-Dura-Timestamp": old_stamp,
                "X-Dura-Signature": "sha256=" + old.hexdigest(),
            },
        )
        self.assertEqual(replayed.status_code, 403, "a signature older than 5 minutes is refused")
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.state, "accepted")
        signed = self.post_dlr(
            None,
            raw=body,
            headers={
                "X-Dura-Timestamp": stamp,
                "X-Dura-Signature": "sha256=" + good.hexdigest(),
            },
        )
        self.assertEqual(signed.status_code, 200)
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.state, "delivered")

    def test_bad_input(self):
        self.assertEqual(self.post_dlr(None, raw="{not json").status_code, 400)
        self.assertEqual(self.post_dlr({"status": "delivered"}).status_code, 400)
        unknown = self.post_dlr({"id": "f" * 32, "status": "delivered"})
        self.assertEqual(unknown.status_code, 404)

    def test_inbound_stop_through_the_route(self):
        response = self.url_open(
            f"/dura_sms/inbound/{self.provider.id}/{self.token}",
            data=json.dumps({"from": "+972599123456", "text": "STOP"}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.env["phone.blacklist"].search([("number", "=", "+970599123456")]))
        forbidden = self.url_open(
            f"/dura_sms/inbound/{self.provider.id}/nope",
            data=json.dumps({"from": "+970599000000", "text": "STOP"}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(forbidden.status_code, 403)
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", "+970599000000")]))
