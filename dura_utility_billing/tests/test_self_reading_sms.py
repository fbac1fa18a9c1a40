import json
from datetime import timedelta

from odoo import fields
from odoo.tests import BaseCase, HttpCase, tagged

from ..tools import self_reading_sms
from ..tools.self_reading_sms import SelfReading
from .test_reading_validation import ReadingValidationCommon


class TestSelfReadingMessage(BaseCase):
    """The self-reading and its confirmation read like the gateway's keywords (plain
    Python)."""

    def test_parse(self):
        for text, expected in (
            ("قراءة W-20400 2760", ("W20400", 2760.0)),
            ("  قراءه  w 20400  2760.5 ", ("W20400", 2760.5)),
            ("القراءة ٢٠٤٠٠ ٢٧٦٠٫٢٥", ("20400", 2760.25)),
            ("READ W-20400 2760,5", ("W20400", 2760.5)),
            ("read 2760", ("", 2760.0)),
            ("Reading: E-DURA-0311 18250", ("EDURA0311", 18250.0)),
            ("قراءة", ("", None)),
            ("READ W-20400", ("W20400", None)),
            ("READ W-20400 27.60.1", ("W2040027601", None)),
        ):
            with self.subTest(text=text):
                self.assertEqual(self_reading_sms.parse(text), SelfReading(*expected))
        for text in ("", "hello", "READY 2760", "قراءتي 2760", "BAL W-20400", "READ " + "x" * 40):
            with self.subTest(text=text):
                self.assertIsNone(self_reading_sms.parse(text))

    def test_confirmation(self):
        for text in ("نعم", " نَعَم ", "Yes", "YES.", "y", "موافق", "OK"):
            with self.subTest(text=text):
                self.assertTrue(self_reading_sms.is_confirmation(text))
        for text in ("", "no", "لا", "نعم 2760", "YESS", "STOP"):
            with self.subTest(text=text):
                self.assertFalse(self_reading_sms.is_confirmation(text))


@tagged("post_install", "-at_install")
class TestSelfReadingSms(HttpCase, ReadingValidationCommon):
    """A citizen texts the index of their own meter to the provider's inbound route (real HTTP
    on loopback), then YES: a reading checked by the validation rules, in their language; a
    meter reader's reading of the same month later replaces it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_sms_gateway", "dura_utility_billing"], ["ar_001"]
        )
        cls.env.company.country_id = cls.env.ref("base.ps")
        cls.provider = (
            cls.env["dura.sms.provider"]
            .sudo()
            .create({"name": "Inbound JSON", "kind": "http_json", "url": "http://127.0.0.1:9/none"})
        )
        cls.water = cls._subscriptions(1, partner=cls.citizen_ar)
        cls.power = cls._subscriptions(1, "electricity", partner=cls.citizen_en)
        # 10 a month for three billed months (months -4 to -2): index 30, usual 10
        cls.last_index = cls._history(cls.water | cls.power)
        cls.card = cls._subscriptions(1, mode="prepaid", partner=cls.citizen_ar)
        cls.period_now = fields.Date.today().strftime("%Y-%m")

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

    def proposals(self, subscription):
        return self.env["dura.utility.self.reading"].search(
            [("subscription_id", "=", subscription.id)], order="id"
        )

    def test_reading_proposed_then_confirmed_in_arabic(self):
        meter = self.water.meter_number
        inbound, reply = self.text("0599123456", f"قراءة {meter} ٤٢")
        proposal = self.proposals(self.water)
        self.assertRecordValues(
            proposal,
            [
                {
                    "state": "proposed",
                    "number": "+970599123456",
                    "period": self.period_now,
                    "value": 42.0,
                    "previous_value": 30.0,
                    "consumption": 12.0,
                    "usual_consumption": 10.0,
                    "check_state": "valid",
                    "inbound_id": inbound.id,
                    "message": f"قراءة {meter} ٤٢",
                }
            ],
        )
        self.assertEqual(inbound.action, "self_reading")
        self.assertIn(f"عداد {meter}", reply.body)
        self.assertIn("12 م³", reply.body)
        self.assertIn("نعم", reply.body)
        self.assertFalse(self.water.self_reading_period)
        # nothing is read before the citizen says yes
        self.assertFalse(
            self.env["dura.utility.reading"].search_count(
                [("subscription_id", "=", self.water.id), ("period", "=", self.period_now)]
            )
        )

        confirmation, reply = self.text("+972599123456", "نعم")
        reading = proposal.reading_id
        self.assertEqual((proposal.state, proposal.confirmation_id), ("confirmed", confirmation))
        self.assertRecordValues(
            reading,
            [
                {
                    "subscription_id": self.water.id,
                    "source": "citizen_sms",
                    "reader_id": False,
                    "value": 42.0,
                    "consumption": 12.0,
                    "period": self.period_now,
                    "validation_state": "valid",
                }
            ],
        )
        self.assertIn("+970599123456", reading.note)
        self.assertEqual(confirmation.action, "self_reading_confirmed")
        self.assertIn("سُجّلت", reply.body)
        self.assertEqual(self.water.self_reading_period, self.period_now)
        # a second YES has nothing to confirm: the daily help answers it
        again, _reply = self.text("0599123456", "نعم")
        self.assertEqual(again.action, "help")
        self.assertEqual(len(self.proposals(self.water).reading_id), 1)

    def test_unusual_reading_confirmed_waits_for_a_supervisor_in_english(self):
        meter = self.power.meter_number
        _inbound, reply = self.text("0599654321", f"READ {meter} 80")
        proposal = self.proposals(self.power)
        self.assertEqual((proposal.check_state, proposal.consumption), ("exception", 50.0))
        self.assertEqual(
            reply.body,
            f"Dura Municipality: meter {meter}, index 80: 50 kWh since "
            f"{proposal.subscription_id.last_reading_date.strftime('%m/%d/%Y')}, against 10 kWh "
            "usually. Please check the index; reply YES within 24 hours to record it.",
        )
        _inbound, reply = self.text("0599654321", "yes")
        self.assertRecordValues(
            proposal.reading_id, [{"validation_state": "exception", "validation_reason": "high"}]
        )
        self.assertEqual(
            reply.body,
            f"Dura Municipality: your reading 80 of meter {meter} is recorded; a supervisor "
            "checks it before the bill. Thank you.",
        )

    def test_below_the_last_reading_is_refused(self):
        _inbound, reply = self.text("0599123456", f"قراءة {self.water.meter_number} 25")
        proposal = self.proposals(self.water)
        self.assertEqual((proposal.state, proposal.refusal_reason), ("refused", "below"))
        self.assertIn("30", reply.body)
        self.assertIn("أقل من", reply.body)
        inbound, _reply = self.text("0599123456", "نعم")
        self.assertEqual(inbound.action, "help")
        self.assertFalse(proposal.reading_id)

    def test_only_the_senders_postpaid_meters(self):
        # a stranger, another citizen's meter, a card meter: the reply that reveals nothing
        for number, meter, answer in (
            ("0599000111", self.water.meter_number, "لم نجد هذا العداد لرقمك"),
            ("0599654321", self.water.meter_number, "could not find this meter for your number"),
            ("0599123456", self.card.meter_number, "لم نجد هذا العداد لرقمك"),
        ):
            with self.subTest(number=number, meter=meter):
                inbound, reply = self.text(number, f"READ {meter} 42")
                self.assertEqual(inbound.action, "self_reading")
                self.assertIn(answer, reply.body)
        self.assertFalse(self.env["dura.utility.self.reading"].search([]))

    def test_meter_may_be_left_out_when_the_number_has_one(self):
        # citizen_en has one postpaid meter (electricity)
        self.text("0599654321", "READ 41")
        self.assertEqual(self.proposals(self.power).value, 41.0)
        # the usage reply when the index is missing
        _inbound, reply = self.text("0599654321", "READ")
        self.assertIn(f"READ {self.power.meter_number} 2760", reply.body)

    def test_a_second_message_replaces_the_first_proposal(self):
        meter = self.water.meter_number
        self.text("0599123456", f"قراءة {meter} 420")
        self.text("0599123456", f"قراءة {meter} 42")
        first, second = self.proposals(self.water)
        self.assertEqual((first.state, second.state), ("superseded", "proposed"))
        self.text("0599123456", "نعم")
        self.assertEqual(second.reading_id.value, 42.0)
        self.assertFalse(first.reading_id)

    def test_period_already_read_is_refused(self):
        self._read(self.water, 41, date=fields.Date.today())
        _inbound, reply = self.text("0599123456", f"قراءة {self.water.meter_number} 42")
        proposal = self.proposals(self.water)
        self.assertEqual((proposal.state, proposal.refusal_reason), ("refused", "already_read"))
        self.assertIn("41", reply.body)

    def test_unconfirmed_proposal_expires(self):
        self.text("0599123456", f"قراءة {self.water.meter_number} 42")
        proposal = self.proposals(self.water)
        proposal.sudo().expires_at = fields.Datetime.now() - timedelta(minutes=1)
        inbound, _reply = self.text("0599123456", "نعم")
        self.assertEqual(inbound.action, "help")
        self.env["dura.utility.self.reading"]._cron_expire()
        self.assertEqual(proposal.state, "expired")
        self.assertFalse(proposal.reading_id)

    def test_meter_readers_reading_replaces_the_citizens(self):
        self.text("0599123456", f"قراءة {self.water.meter_number} 42")
        self.text("0599123456", "نعم")
        citizen = self.proposals(self.water).reading_id
        staff = self._read(self.water, 43, date=fields.Date.today())
        self.assertRecordValues(
            citizen, [{"validation_state": "reread", "superseded_by_id": staff.id}]
        )
        self.assertRecordValues(
            staff, [{"source": "staff", "previous_value": 30.0, "validation_state": "valid"}]
        )
        self.assertFalse(self.water.self_reading_period)

    def test_replies_a_day_are_capped(self):
        meter = self.water.meter_number
        for value in range(42, 50):
            self.text("0599123456", f"قراءة {meter} {value}")
        Inbound = self.env["dura.sms.inbound"].sudo()
        answered = Inbound.search(
            [("number", "=", "+970599123456"), ("action", "=", "self_reading")]
        )
        self.assertEqual(len(answered), 6)
        self.assertEqual(
            self.env["sms.sms"].sudo().search_count([("number", "=", "+970599123456")]), 6
        )
        # every message is recorded, the unanswered ones too
        self.assertEqual(Inbound.search_count([("number", "=", "+970599123456")]), 8)
