import time

from odoo.tests import HttpCase, tagged

from .common import DuraSmsCase
from .kannel import KannelFixture


@tagged("post_install", "-at_install")
class TestKannelEndToEnd(HttpCase, DuraSmsCase):
    """Odoo -> Kannel smsbox -> bearerbox -> fake SMSC, and Kannel's delivery reports and
    inbound messages back through Odoo's authenticated routes."""

    def test_100_arabic_messages(self):
        self.env["ir.config_parameter"].set_param("web.base.url", self.base_url())
        provider = self.make_provider(
            kind="kannel",
            name="Kannel",
            number_format="intl",
            url="http://127.0.0.1:9/",
            sender="DuraMun",
        )
        kannel = KannelFixture(inbound_url=provider.inbound_url)
        self.addCleanup(kannel.stop)
        provider.write(
            {
                "url": kannel.sendsms_url,
                "username": kannel.username,
                "password": kannel.password,
                "max_attempts": 5,
            }
        )
        kannel.start()

        body = "بلدية دورا: تم استلام طلبك رقم DR-2026-{:05d}"
        sms = self.env["sms.sms"].create(
            [{"number": f"0599{i:06d}", "body": body.format(i)} for i in range(100)]
        )
        # Kannel calls back at once; its requests share the test cursor, so they wait for the
        # lock while the test thread uses it
        with self.registry.test_lock:
            self.dispatch()
            audit = self.audit(sms)
            self.assertEqual(len(audit), 100)
            states = set(audit.mapped("state"))
            self.assertLessEqual(states, {"accepted", "delivered"}, audit.mapped("last_error")[:3])
            self.assertEqual(set(audit.mapped("encoding")), {"ucs2"})

        deadline = time.time() + 60
        while time.time() < deadline:
            with self.registry.test_lock:
                audit.invalidate_recordset()
                if set(audit.mapped("state")) == {"delivered"}:
                    break
            time.sleep(0.5)
        with self.registry.test_lock:
            self.assertEqual(
                set(audit.mapped("state")), {"delivered"}, "delivery reports came back"
            )
            # Kannel reported "accepted by the SMSC" (type 8) and "delivered" (type 1)
            details = set(audit.event_ids.mapped("detail"))
            self.assertTrue(any(d and d.startswith("DLR sent") for d in details), details)
            self.assertTrue(any(d and d.startswith("DLR delivered") for d in details), details)
            mt = [line for line in kannel.received() if "970599000" in line]
            self.assertEqual(len(mt), 100, "the fake SMSC got each message once")
            self.assertTrue(all(" ucs-2 " in line for line in mt), mt[:2])

            inbound = self.env["dura.sms.inbound"].search([("number", "=", "+970599123456")])
            self.assertEqual(inbound.body, "hello", "the fake SMSC's MO message reached Odoo")
