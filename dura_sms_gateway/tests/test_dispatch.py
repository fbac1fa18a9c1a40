from types import SimpleNamespace
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.dura_municipality.tests.common import free_port

from .common import DuraSmsCase


@tagged("post_install", "-at_install")
class TestDispatch(DuraSmsCase):
    """Dispatch through the generic JSON adapter against a real loopback server."""

    def test_success_states_audit_and_single_request(self):
        server = self.start_server()
        provider = self.make_provider(server, sender="DuraMun")
        sms = self.queue_sms(["0599123456", "+972 56 912 3456"])
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.assertTrue(self.env.cr.postcommit.data.get("dura_sms.trigger"), "queue cron woken")
        self.assertFalse(server.requests, "nothing is sent inside the creating transaction")

        self.dispatch()
        self.assertEqual(sorted(server.sent_ids()), sorted(sms.mapped("uuid")))
        sent = server.requests[0]["json"]
        self.assertEqual(sent["from"], "DuraMun")
        self.assertIn(sent["to"], ("+970599123456", "+970569123456"))
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertTrue(all(sms.mapped("to_delete")))
        audit = self.audit(sms)
        self.assertEqual(len(audit), 2)
        self.assertEqual(set(audit.mapped("state")), {"accepted"})
        self.assertEqual(set(audit.mapped("provider_id").ids), {provider.id})
        self.assertEqual(set(audit.mapped("encoding")), {"ucs2"})
        self.assertEqual(audit.mapped("segments"), [1, 1])
        self.assertAlmostEqual(sum(audit.mapped("cost")), 0.10)
        self.assertTrue(all(a.provider_ref.startswith("p-") for a in audit))
        self.assertEqual(audit[0].event_ids.mapped("state"), ["queued", "accepted"])

        self.dispatch()  # a second run finds nothing left to send
        self.assertEqual(len(server.requests), 2)

    def test_5xx_then_success_retries(self):
        server = self.start_server()
        server.script = [{"status": 503, "body": "busy"}, {"status": 500, "body": "oops"}]
        self.make_provider(server)
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(len(server.requests), 3)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.audit(sms).attempts, 3)
        self.assertEqual(len(self._sleeps), 2, "backoff between attempts")

    def test_429_honours_retry_after(self):
        server = self.start_server()
        server.script = [{"status": 429, "headers": {"Retry-After": "7"}, "body": "slow down"}]
        self.make_provider(server)
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(self._sleeps, [7.0])
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(server.requests), 2)

    def test_5xx_exhausted_is_a_server_error(self):
        server = self.start_server()
        server.default = {"status": 502, "body": "bad gateway"}
        self.make_provider(server, max_attempts=2)
        sms = self.queue_sms(["0599123456", "0569123456"])
        self.dispatch()
        # the first message exhausts its attempts; the provider is down, the second is not tried
        self.assertEqual(len(server.requests), 2)
        self.assertEqual(set(sms.mapped("state")), {"error"})
        self.assertEqual(set(sms.mapped("failure_type")), {"sms_server"})
        audit = self.audit(sms)
        self.assertEqual(set(audit.mapped("state")), {"failed"})
        self.assertTrue(all(audit.mapped("last_error")))

    def test_timeout_is_not_retried_without_idempotency(self):
        server = self.start_server()
        server.script = [{"delay": 1.5, "json": {"status": "accepted"}}]
        self.make_provider(server, timeout=0.5)
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(len(server.requests), 1, "outcome unknown: never risk a second SMS")
        self.assertEqual(sms.state, "error")
        self.assertIn("no answer", self.audit(sms).last_error)

    def test_timeout_retried_with_idempotency_key(self):
        server = self.start_server()
        server.script = [{"delay": 1.5, "json": {"status": "accepted"}}]
        self.make_provider(server, timeout=0.5, json_idempotency_header="Idempotency-Key")
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(len(server.requests), 2)
        keys = {r["headers"]["Idempotency-Key"] for r in server.requests}
        self.assertEqual(keys, {sms.uuid}, "the same key on both tries: the provider dedups")
        self.assertEqual(sms.state, "pending")

    def test_connection_refused(self):
        provider = self.make_provider(url=f"http://127.0.0.1:{free_port()}/send", max_attempts=2)
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(sms.state, "error")
        audit = self.audit(sms)
        self.assertEqual(audit.provider_id, provider)
        self.assertIn("connection", audit.last_error)
        self.assertEqual(audit.attempts, 2)

    def test_malformed_body(self):
        server = self.start_server()
        server.default = {"status": 200, "body": "<html>proxy error</html>"}
        self.make_provider(server)
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(len(server.requests), 1)
        self.assertEqual(sms.state, "error")
        self.assertIn("malformed", self.audit(sms).last_error)

    def test_bad_credentials(self):
        server = self.start_server()
        server.default = {"status": 401, "json": {"error": "bad token"}}
        self.make_provider(server, auth_header="Authorization", auth_value="Bearer wrong")
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(server.requests[0]["headers"]["Authorization"], "Bearer wrong")
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_acc"))

    def test_batch_where_some_numbers_fail(self):
        server = self.start_server()

        def answer(request):
            return {
                "json": {
                    "results": [
                        {"id": m["id"], "status": "accepted", "message_id": "ok"}
                        if m["to"].endswith("6")
                        else {"id": m["id"], "status": "failed", "error": "invalid number"}
                        for m in request["json"]["messages"]
                    ]
                }
            }

        server.default = answer
        self.make_provider(server, json_batch_field="messages")
        good = self.queue_sms(["0599123456", "0569123456"])
        bad = self.queue_sms(["0599123457"])
        self.dispatch()
        self.assertEqual(len(server.requests), 1, "one request for the whole batch")
        self.assertEqual(set(good.mapped("state")), {"pending"})
        self.assertEqual((bad.state, bad.failure_type), ("error", "sms_number_format"))

    def test_batch_response_missing_a_result(self):
        server = self.start_server()
        server.default = lambda request: {
            "json": {
                "results": [{"id": request["json"]["messages"][0]["id"], "status": "accepted"}]
            }
        }
        self.make_provider(server, json_batch_field="messages")
        sms = self.queue_sms(["0599123456", "0569123456"])
        self.dispatch()
        self.assertEqual(sms[0].state, "pending")
        self.assertEqual(sms[1].state, "error", "no uuid is ever left silently outgoing")
        self.assertIn("no result", self.audit(sms[1]).last_error)

    def test_failover_to_next_provider(self):
        down = self.make_provider(
            name="Down", url=f"http://127.0.0.1:{free_port()}/send", sequence=1, max_attempts=1
        )
        server = self.start_server()
        backup = self.make_provider(server, name="Backup", sequence=2)
        sms = self.queue_sms(["0599123456", "0569123456"])
        self.dispatch()
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(sorted(server.sent_ids()), sorted(sms.mapped("uuid")))
        audit = self.audit(sms)
        self.assertEqual(set(audit.mapped("provider_id").ids), {backup.id})
        self.assertNotIn(down, audit.mapped("provider_id"))

    def test_prefix_routing_and_stock_fallback(self):
        server = self.start_server()
        self.make_provider(server, prefixes="+97056")
        ours = self.queue_sms(["0569123456", "+32 470 12 34 56", "02 222 1234"])
        stock = self.queue_sms(["0599123456"])  # a valid number no provider of ours serves
        self.assertEqual(self.env["sms.sms"].browse((ours | stock).ids)._dura_routed(), ours)
        # a foreign number goes out only through a provider naming its prefix
        jordan = self.make_provider(server, name="Jordan route", prefixes="+962")
        self.assertEqual(
            self.env["dura.sms.provider"]._candidates("+962791234567", True), jordan.ids
        )
        self.assertFalse(self.env["dura.sms.provider"]._candidates("+32470123456", True))

    def test_invalid_numbers_refused_before_provider(self):
        server = self.start_server()
        self.make_provider(server)
        sms = self.queue_sms(["02 222 1234", "059912", "+962 79 123 4567"])
        self.dispatch()
        self.assertFalse(server.requests)
        self.assertEqual(set(sms.mapped("failure_type")), {"sms_number_format"})
        errors = self.audit(sms).mapped("last_error")
        self.assertIn("A landline number cannot receive SMS.", errors)
        self.assertIn("Foreign numbers are not served.", errors)

    def test_too_many_segments_refused(self):
        server = self.start_server()
        self.make_provider(server, max_segments=2)
        sms = self.queue_sms(["0599123456"], body="م" * 135)
        self.dispatch()
        self.assertFalse(server.requests)
        self.assertEqual(sms.state, "error")
        self.assertIn("3 SMS segments", self.audit(sms).last_error)

    def test_rate_limit_spaces_requests(self):
        server = self.start_server()
        provider = self.make_provider(server, rate_limit=10, batch_size=1)
        sleeps = []
        from ..models import dura_sms_provider as module

        # the throttle's clock stands still and its sleeps are recorded: what is tested is the
        # spacing it asks for, not how fast this machine is
        frozen = SimpleNamespace(monotonic=lambda: 1000.0, sleep=sleeps.append)
        with patch.object(module, "time", frozen):
            self.queue_sms(["0599123456", "0569123456", "0599123457"])
            self.dispatch()
        self.assertEqual(len(server.requests), 3)
        # 10 msg/s: the 2nd request waits 0.1 s, the 3rd 0.2 s after the first
        self.assertEqual([round(seconds, 6) for seconds in sleeps], [0.1, 0.2])
        self.assertTrue(provider.rate_limit)

    def test_sandbox_delivers(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(sms.state, "sent")
        self.assertEqual(self.audit(sms).state, "delivered")

    def test_chatter_sms_is_queued_not_sent(self):
        server = self.start_server()
        self.make_provider(server)
        self.partner_ar._message_sms("تم استلام طلبك", partner_ids=self.partner_ar.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.partner_ar.id)])
        self.assertEqual(sms.state, "outgoing")
        self.assertFalse(server.requests, "the chatter post did not call the provider")
        self.dispatch()
        self.assertEqual(len(server.requests), 1)
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.partner_ar.id),
                ("notification_type", "=", "sms"),
            ]
        )
        self.assertEqual(notification.notification_status, "pending")
        audit = self.audit(sms)
        self.assertEqual((audit.res_model, audit.res_id), ("res.partner", self.partner_ar.id))

    def test_report_outrunning_the_dispatcher_is_parked(self):
        from ..tools.providers import DeliveryReport

        server = self.start_server()
        provider = self.make_provider(server)
        sms = self.queue_sms(["0599123456"])
        Message = self.env["dura.sms.message"]
        # a fast SMSC reports before the dispatcher has recorded the send
        applied, parked, unknown = Message._apply_delivery_reports(
            provider, [DeliveryReport(sms.uuid, "delivered"), DeliveryReport("0" * 32, "delivered")]
        )
        self.assertEqual((len(applied), parked, unknown), (0, [sms.uuid], ["0" * 32]))
        self.dispatch()
        entry = self.audit(sms)
        self.assertEqual(entry.state, "delivered", "the parked report was applied after the send")
        self.assertFalse(self.env["dura.sms.early.report"].search([("key", "=", sms.uuid)]))

    def test_hotsms_request_shape_and_codes(self):
        server = self.start_server()
        answers = iter(["1001_778899", "1000", "6000"])
        server.default = lambda request: {"body": next(answers)}
        self.make_provider(
            server,
            kind="hotsms",
            name="HotSMS",
            api_token="tok",
            sender="DuraMun",
            number_format="intl_il",
            batch_size=1,
        )
        backup_server = self.start_server()
        self.make_provider(backup_server, name="Backup", sequence=20)
        sms = self.queue_sms(["0599123456", "0569123456", "0599000001"])
        self.dispatch()
        first = server.requests[0]
        self.assertEqual(first["method"], "POST", "the token stays out of URLs")
        self.assertEqual(first["form"]["api_token"], "tok")
        self.assertEqual(first["form"]["mobile"], "972599123456")
        self.assertEqual(first["form"]["type"], "2", "Arabic goes out as Unicode")
        self.assertEqual(first["form"]["sender"], "DuraMun")
        self.assertEqual(self.audit(sms[0]).provider_ref, "778899")
        # no balance / sender not approved: certainly not sent, so the backup took over
        self.assertEqual(sorted(backup_server.sent_ids()), sorted(sms[1:].mapped("uuid")))
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(self.audit(sms[1]).attempts, 2)

    def test_bulk_insert_covers_every_column(self):
        from ..models.dura_sms_message import INSERT_COLUMNS

        Message = self.env["dura.sms.message"]
        stored = {
            name
            for name, field in Message._fields.items()
            if field.store
            and field.column_type
            and name not in ("id", "create_uid", "create_date", "write_uid", "write_date")
        }
        self.assertEqual(stored, set(INSERT_COLUMNS), "a new audit field must be inserted too")

    def _interrupted(self, sms):
        """The state a dispatcher leaves when it dies after handing the SMS over."""
        sms.write({"dura_sending_since": "2026-01-01 00:00:00"})

    def test_interrupted_dispatch_resent_through_idempotent_provider(self):
        server = self.start_server()
        self.make_provider(server, json_idempotency_header="Idempotency-Key")
        sms = self.queue_sms(["0599123456"])
        sms.dura_sending_since = "2026-11-28 10:00:00"
        self.assertFalse(self.env["sms.sms"]._dura_claim(sms.ids), "another dispatcher has it")
        self._interrupted(sms)
        with self.assertLogs("odoo.addons.dura_sms_gateway.models.sms_sms_dispatch", "WARNING"):
            self.dispatch()  # first recovers what a dead dispatcher left, then sends
        self.assertEqual(len(server.requests), 1)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(server.requests[-1]["headers"]["Idempotency-Key"], sms.uuid)
        self.assertFalse(sms.dura_sending_since)

    def test_interrupted_dispatch_failed_when_it_may_have_left(self):
        server = self.start_server()
        self.make_provider(server)
        sms = self.queue_sms(["0599123456"])
        self._interrupted(sms)
        with self.assertLogs("odoo.addons.dura_sms_gateway.models.sms_sms_dispatch", "WARNING"):
            self.dispatch()
        self.assertFalse(server.requests, "never risk a second copy without idempotency")
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertIn("may have been sent", self.audit(sms).last_error)
