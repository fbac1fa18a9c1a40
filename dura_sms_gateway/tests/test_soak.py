import logging
import os
import random
from collections import Counter

from odoo.tests import tagged

from ..tools.providers import DeliveryReport
from .common import DuraSmsCase

_logger = logging.getLogger(__name__)

FAULTS = ["timeout", "reset", "5xx", "429", "malformed", "slow", "dlr_failed"]


@tagged("post_install", "-at_install")
class TestFaultSoak(DuraSmsCase):
    """SMS through a loopback provider that injects faults at random (fixed seed, 30%).

    Afterwards every SMS is in a final state, the provider received each message we record as
    accepted exactly once, and the audit log accounts for every request the provider got.
    (`make soak` runs the same with 10,000 messages: SOAK_SIZE.)"""

    SIZE = int(os.environ.get("SOAK_SIZE", "300"))

    def test_fault_soak(self):
        rng = random.Random(20261128)
        server = self.start_server()
        injected = Counter()
        taken = Counter()  # messages the provider took (would reach a phone), per uuid
        dlr_failed = set()

        def answer(request):
            payload = request["json"] or {}
            uuid = payload.get("id", "")
            fault = rng.choice(FAULTS) if rng.random() < 0.30 else None
            injected[fault] += 1
            if fault == "timeout":  # taken, but the answer comes too late
                taken[uuid] += 1
                return {"delay": 0.6, "json": {"status": "accepted"}}
            if fault == "reset":
                return {"reset": True}
            if fault == "5xx":
                return {"status": 503, "body": "busy"}
            if fault == "429":
                return {"status": 429, "headers": {"Retry-After": "1"}, "body": "slow down"}
            if fault == "malformed":
                return {"status": 200, "body": "<html>gateway error</html>"}
            if fault == "dlr_failed":
                dlr_failed.add(uuid)
            delay = 0.2 if fault == "slow" else 0
            taken[uuid] += 1
            return {"delay": delay, "json": {"status": "accepted", "message_id": uuid[:8]}}

        server.default = answer
        provider = self.make_provider(server, timeout=0.4, max_attempts=3, batch_size=1)
        sms = self.env["sms.sms"].create(
            [{"number": f"0599{i:06d}", "body": f"رسالة اختبار {i}"} for i in range(self.SIZE)]
        )
        self.dispatch()
        # the accepted-then-failed ones get their failure report
        self.env["dura.sms.message"]._apply_delivery_reports(
            provider, [DeliveryReport(uuid, "not_delivered") for uuid in dlr_failed]
        )

        self.assertGreater(injected[None], self.SIZE * 0.5)
        self.assertTrue(all(injected[fault] for fault in FAULTS), injected)
        audit = self.audit(sms)
        self.assertEqual(len(audit), self.SIZE, "one audit entry per SMS")
        self.assertLessEqual(set(audit.mapped("state")), {"accepted", "failed"})
        self.assertFalse(sms.filtered(lambda s: s.state in ("outgoing", "process")))

        self.assertEqual(max(taken.values()), 1, "no message was taken twice by the provider")
        accepted = audit.filtered(lambda m: m.state == "accepted")
        self.assertTrue(all(taken[uuid] == 1 for uuid in accepted.mapped("uuid")))
        self.assertEqual(
            sum(audit.mapped("attempts")),
            len(server.requests),
            "every request the provider received is counted in the audit log",
        )
        failed = audit.filtered(lambda m: m.state == "failed")
        self.assertTrue(all(failed.mapped("last_error")), "each failure says why")
        self.assertTrue(dlr_failed & set(failed.mapped("uuid")), "failure reports applied")
        duplicates = sum(count - 1 for count in taken.values() if count > 1)
        lost = len(sms.filtered(lambda s: s.state in ("outgoing", "process")))
        _logger.info(
            "soak: %s messages, %s faults injected (%s), %s accepted, %s failed, %s requests, "
            "%s duplicates, %s lost",
            self.SIZE,
            sum(v for k, v in injected.items() if k),
            dict(injected),
            len(accepted),
            len(failed),
            len(server.requests),
            duplicates,
            lost,
        )
