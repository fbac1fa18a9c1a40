import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import BaseCase, HttpCase, tagged
from odoo.tools import format_date

from odoo.addons.dura_sms_gateway.tools.providers import InboundMessage

from ..tools import balance_sms
from .common import DuraUtilityCommon


class TestBalanceQuestion(BaseCase):
    """The balance question read like the gateway's keywords (plain Python)."""

    def test_parse(self):
        for text, asked in (
            ("رصيد", ""),
            (" رَصيـــد ", ""),
            ("الرصيد", ""),
            ("BAL", ""),
            ("bal.", ""),
            ("Balance", ""),
            ("BAL W-20400", "W20400"),
            ("رصيد w 20400", "W20400"),
            ("رصيد ٢٠٤٠٠", "20400"),
            ("رصيد: E-DURA-0311", "EDURA0311"),
        ):
            with self.subTest(text=text):
                self.assertEqual(balance_sms.parse(text), asked)
        for text in ("", "hello", "BALL", "رصيدي", "STOP", "DR-2026-00042", "BAL " + "9" * 40):
            with self.subTest(text=text):
                self.assertIsNone(balance_sms.parse(text))

    def test_meter_matches(self):
        self.assertTrue(balance_sms.meter_matches("W20400", "W-20400"))
        self.assertTrue(balance_sms.meter_matches("20400", "W-20400"))
        self.assertFalse(balance_sms.meter_matches("2040", "W-20400"))
        self.assertFalse(balance_sms.meter_matches("E20400", "W-20400"))
        self.assertFalse(balance_sms.meter_matches("", "W-20400"))


@tagged("post_install", "-at_install")
class TestBalanceSms(HttpCase, DuraUtilityCommon):
    """A citizen texts رصيد / BAL to the provider's inbound route (real HTTP on loopback): the
    reply, in the citizen's language, goes to the queue; nothing is told to a stranger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_sms_gateway", "dura_utility_billing"], ["ar_001"]
        )
        cls.env.company.country_id = cls.env.ref("base.ps")
        # the citizens' bills are in shekels, whatever the books' currency
        cls.ils = cls.env.ref("base.ILS")
        cls.ils.sudo().active = True
        cls.provider = (
            cls.env["dura.sms.provider"]
            .sudo()
            .create({"name": "Inbound JSON", "kind": "http_json", "url": "http://127.0.0.1:9/none"})
        )
        cls.water = cls._subscriptions(1, partner=cls.citizen_ar)
        cls.electricity = cls._subscriptions(1, utility="electricity", partner=cls.citizen_ar)
        cls._read(cls.water, 2734.5, date=cls.period_date)
        cls.english = cls._subscriptions(1, partner=cls.citizen_en)
        cls.due = fields.Date.today() + timedelta(days=12)
        cls.bill = cls._document(cls.water, 86.4, cls.due)
        cls.older = cls._document(cls.water, 40, fields.Date.today() - timedelta(days=20))
        cls.paid = cls._document(cls.electricity, 55, cls.due)
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.paid.ids
        ).create({})._create_payments()

    @classmethod
    def _document(cls, subscription, amount, due):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": subscription.partner_id.id,
                "dura_subscription_id": subscription.id,
                "invoice_date": fields.Date.today() - timedelta(days=30),
                "invoice_date_due": due,
                "currency_id": cls.ils.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Bill", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    def text(self, number, body):
        """POST the message as the provider does; return the inbound record and its reply."""
        url = f"/dura_sms/inbound/{self.provider.id}/{self.provider.sudo().webhook_token}"
        response = self.url_open(
            url,
            data=json.dumps({"from": number, "text": body}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        inbound = self.env["dura.sms.inbound"].sudo().search([], order="id desc", limit=1)
        reply = (
            self.env["sms.sms"]
            .sudo()
            .search([("dura_res_model", "=", "dura.sms.inbound"), ("dura_res_id", "=", inbound.id)])
        )
        return inbound, reply

    def test_balance_in_english_for_every_subscription(self):
        self.citizen_ar.lang = "en_US"
        inbound, reply = self.text("0599123456", "bal")
        self.assertEqual((inbound.action, inbound.partner_id), ("balance", self.citizen_ar))
        oldest = format_date(self.env(context={"lang": "en_US"}), self.older.invoice_date_due)
        reading = format_date(self.env(context={"lang": "en_US"}), self.period_date)
        self.assertEqual(
            reply.body,
            "Dura Municipality:\n"
            f"Electricity meter {self.electricity.meter_number}: nothing due, no reading yet.\n"
            f"Water meter {self.water.meter_number}: 126.40 ILS due by {oldest}, last reading "
            f"2734.5 on {reading}.",
        )
        self.assertEqual(
            (reply.number, reply.state, reply.dura_kind, reply.partner_id),
            ("+970599123456", "outgoing", "transactional", self.citizen_ar),
        )

    def test_balance_in_arabic_for_one_meter_under_the_israeli_prefix(self):
        meter = self.water.meter_number
        digits = "".join(char for char in meter if char.isdigit())
        arabic_digits = digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        inbound, reply = self.text("+972599123456", f"رصيد {arabic_digits}")
        self.assertEqual((inbound.action, inbound.lang), ("balance", "ar_001"))
        self.assertIn("بلدية دورا", reply.body)
        self.assertIn(f"عداد مياه {meter}", reply.body)
        self.assertIn("126.40 شيكل", reply.body)
        self.assertNotIn(self.electricity.meter_number, reply.body)

    def test_strangers_learn_nothing(self):
        self.citizen_en.lang = "ar_001"
        _inbound, unknown = self.text("0599000111", "BAL")
        _inbound, not_theirs = self.text("0599654321", f"BAL {self.water.meter_number}")
        self.assertIn("لم نجد", unknown.body)
        self.assertEqual(unknown.body, not_theirs.body)
        for reply in (unknown, not_theirs):
            self.assertNotIn(self.water.meter_number, reply.body)
            self.assertNotIn("126", reply.body)

    def receive(self, number, body):
        """The same path without HTTP (the clock is frozen: the server thread is not)."""
        inbound = (
            self.env["dura.sms.inbound"]
            .sudo()
            ._receive(self.provider, InboundMessage(number, body))
        )
        reply = (
            self.env["sms.sms"]
            .sudo()
            .search([("dura_res_model", "=", "dura.sms.inbound"), ("dura_res_id", "=", inbound.id)])
        )
        return inbound, reply

    def test_one_answer_a_day_per_question(self):
        with freeze_time("2026-03-10 08:00:00"):
            first, reply = self.receive("0599123456", "رصيد")
            self.assertTrue(reply)
            # the same question again, from the other spelling of the number: silence
            again, none = self.receive("+972599123456", "BAL")
            self.assertEqual((again.action, again.reply, len(none)), ("none", False, 0))
            # another meter is another question
            _other, meter_reply = self.receive("0599123456", f"BAL {self.water.meter_number}")
            self.assertTrue(meter_reply)
            # a robot echoing our reply gets the gateway's daily help once (which teaches
            # the balance question), then nothing
            echo, help_reply = self.receive("0599123456", reply.body)
            self.assertEqual(echo.action, "help")
            self.assertIn("«رصيد»", help_reply.body)
            self.assertEqual(self.receive("0599123456", reply.body)[0].action, "none")
        with freeze_time("2026-03-11 08:00:00"):
            next_day, reply = self.receive("0599123456", "رصيد")
            self.assertEqual(next_day.action, "balance")
            self.assertTrue(reply)
        self.assertNotEqual(first.balance_day_key, next_day.balance_day_key)
