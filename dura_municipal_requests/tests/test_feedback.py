from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.dura_sms_gateway.tools.providers import InboundMessage
from odoo.addons.dura_sms_gateway.tools.sms_segments import count_segments

from .common import DuraRequestCommon

# Asia/Hebron is UTC+2 in December: 07:00 UTC is 09:00 at the municipality.
DONE = "2026-12-07 07:00:00"  # Monday 09:00
ASK = "2026-12-07 08:30:00"  # 10:30, an hour and a half later
NIGHT = "2026-12-07 21:30:00"  # 23:30


@tagged("post_install", "-at_install")
class TestCitizenFeedback(DuraRequestCommon):
    """After completion the citizen rates the service by SMS (1-5), or answers 0: not solved,
    which reopens a complaint for its department or has the department call the citizen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Hebron"
        cls.company.resource_calendar_id = cls.env.ref(
            "dura_municipal_requests.resource_calendar_dura"
        )
        cls.env["dura.service.request.demo"]._approve_sms_templates()
        cls.template = cls.env.ref("dura_municipal_requests.sms_template_request_feedback")
        cls.water_head = new_test_user(
            cls.env,
            login="water_head",
            name="Head of Water",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.department_water.manager_id = cls.water_head
        cls.provider = cls.env["dura.sms.provider"].create(
            {"name": "Sandbox", "kind": "sandbox", "company_id": cls.company.id}
        )
        cls.Inbound = cls.env["dura.sms.inbound"].sudo()

    def _done(self, citizen=None, service=None, when=DONE):
        with freeze_time(when):
            service = service or self.service_complaint
            request = self._new_request(citizen or self.citizen_ar, service)
            request.with_user(self.user_center).action_submit()
            if request.state == "awaiting_payment":
                self._pay(request.invoice_id)
            request.with_user(self.user_water).action_start()
            request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "done")
        return request

    def _ask(self, when=ASK):
        with freeze_time(when):
            self.env["dura.service.request"]._cron_feedback_ask()

    def _reply(self, number, text, when=ASK):
        with freeze_time(when):
            return self.Inbound._receive(self.provider, InboundMessage(number, text))

    def _feedback_sms(self, request):
        return self._sms_of(request).filtered(
            lambda sms: "كيف كانت خدمتنا" in sms.body or "how was our service" in sms.body
        )

    # ------------------------------------------------------------
    # Asking
    # ------------------------------------------------------------

    def test_asked_once_an_hour_after_and_never_at_night(self):
        request = self._done()
        self._ask(when="2026-12-07 07:30:00")  # half an hour after: not yet
        self.assertFalse(request.feedback_state)
        self._ask(when=NIGHT)  # late in the evening: waits for the morning
        self.assertFalse(request.feedback_state)
        self._ask()
        self.assertEqual(request.feedback_state, "asked")
        self.assertEqual(request.feedback_asked_on, fields.Datetime.to_datetime(ASK))
        sms = self._feedback_sms(request)
        self.assertEqual(len(sms), 1)
        self.assertIn(request.name, sms.body)
        self.assertIn("كيف كانت خدمتنا", sms.body)
        self._ask(when="2026-12-07 09:30:00")
        self.assertEqual(len(self._feedback_sms(request)), 1, "asked once")

    def test_not_asked_when_the_service_does_not_want_it_or_too_old(self):
        request = self._done()
        self.service_complaint.feedback_enabled = False
        self._ask()
        self.assertFalse(request.feedback_state)
        self.service_complaint.feedback_enabled = True
        self._ask(when="2026-12-11 08:00:00")  # four days later
        self.assertFalse(request.feedback_state)

    def test_template_segments(self):
        request = self._done()
        request.name = "DR-2026-00042"
        for citizen, encoding in ((self.citizen_ar, "ucs2"), (self.citizen_en, "gsm7")):
            request.partner_id = citizen
            body = self.template._render_field("body", request.ids, compute_lang=True)[request.id]
            info = count_segments(body)
            with self.subTest(lang=citizen.lang):
                self.assertEqual(info.encoding, encoding)
                self.assertLessEqual(info.segments, 2 if encoding == "ucs2" else 1, body)

    # ------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------

    def test_rating_recorded_once_from_the_citizens_number(self):
        request = self._done()
        self._ask()
        # the same subscriber through the Israeli prefix, with Arabic-Indic digits and words
        inbound = self._reply("+972599123456", "٤ خدمة سريعة")
        self.assertEqual(inbound.action, "answered")
        self.assertEqual(inbound.reply, f"بلدية دورا: شكراً لكم، سُجّل تقييمكم للطلب {request.name}.")
        self.assertEqual(request.feedback_state, "rated")
        self.assertEqual(request.feedback_rating, 4)
        self.assertEqual(request.feedback_note, "خدمة سريعة")
        self.assertEqual(request.state, "done")
        # a second digit is not a second rating
        again = self._reply("+970599123456", "1")
        self.assertNotEqual(again.action, "answered")
        self.assertEqual(request.feedback_rating, 4)

    def test_a_digit_from_someone_else_or_too_late_is_no_rating(self):
        request = self._done()
        self._ask()
        self.assertNotEqual(self._reply("+970598765432", "5").action, "answered")
        self.assertEqual(request.feedback_state, "asked")
        late = self._reply("+970599123456", "5", when="2026-12-15 08:00:00")  # eight days
        self.assertNotEqual(late.action, "answered")
        self.assertEqual(request.feedback_state, "asked")
        self.assertFalse(request.feedback_rating)

    def test_zero_reopens_a_complaint_with_a_new_deadline(self):
        request = self._done()
        self._ask()
        inbound = self._reply("0599123456", "0 ما زالت المياه تتسرب", when="2026-12-08 08:00:00")
        self.assertEqual(
            inbound.reply,
            f"بلدية دورا: أُعيد فتح الطلب {request.name}، وسيتواصل معكم القسم المختص.",
        )
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.feedback_state, "reopened")
        self.assertEqual(request.reopen_count, 1)
        # three working days from Tuesday 8 December
        self.assertEqual(request.sla_deadline, fields.Date.to_date("2026-12-10"))
        todo = request.activity_ids.filtered(lambda a: request.name in (a.summary or ""))
        self.assertEqual(todo.user_id, self.user_water)
        self.assertIn("ما زالت المياه تتسرب", todo.note)
        self.assertIn("ما زالت المياه تتسرب", request.message_ids[:3].mapped("body")[0])
        # done again: the citizen is asked again about the second attempt
        with freeze_time("2026-12-09 07:00:00"):
            request.with_user(self.user_water).action_done()
        self.assertFalse(request.feedback_state)
        self._ask(when="2026-12-09 08:30:00")
        self.assertEqual(request.feedback_state, "asked")
        self.assertEqual(len(self._feedback_sms(request)), 2)
        self._reply("+970599123456", "5", when="2026-12-09 09:00:00")
        self.assertEqual((request.feedback_state, request.feedback_rating), ("rated", 5))
        self.assertEqual(request.reopen_count, 1)

    def test_zero_on_a_service_with_an_effect_asks_for_a_call(self):
        """A certificate is not un-issued by an SMS: the request stays done and the department
        manager is asked to call the citizen."""
        self.service_complaint.completion_effect = "certificate"
        request = self._done(citizen=self.citizen_en)
        self._ask()
        inbound = self._reply("+970598765432", "0")
        self.assertEqual(
            inbound.reply,
            f"Dura Municipality: we are sorry. The department will call you about request "
            f"{request.name}.",
        )
        self.assertEqual((request.state, request.feedback_state), ("done", "unsolved"))
        todo = request.activity_ids.filtered(lambda a: request.name in (a.summary or ""))
        self.assertEqual(todo.user_id, self.water_head)
        self.assertEqual(todo.summary, f"Call the citizen (not solved): {request.name}")

    # ------------------------------------------------------------
    # The monthly report
    # ------------------------------------------------------------

    def test_monthly_report_ratings(self):
        report = self.env["dura.service.center.report"].create({"month": "12", "year": 2026})
        Request = self.env["dura.service.request"]
        # the demo's answers (if installed) are elsewhere: ours alone, in our test company
        Request.search([("feedback_date", "!=", False)]).write({"feedback_date": False})
        first, second, third = (self._done() for _i in range(3))
        self._ask()
        self._reply("+970599123456", "5")  # the latest asked request is answered first
        self._reply("+970599123456", "2")
        self._reply("+970599123456", "0 لم يصلح شيء")
        self.assertEqual(
            [third.feedback_rating, second.feedback_rating, first.feedback_state],
            [5, 2, "reopened"],
        )
        figures = report._get_figures()
        self.assertEqual(figures["current"]["rated"], 2)
        self.assertEqual(figures["current"]["rating"], 3.5)
        self.assertEqual(figures["current"]["not_solved"], 1)
        self.assertIsNone(figures["previous"]["rating"])
        [row] = [r for r in figures["rows"] if r["service"] == self.service_complaint]
        self.assertEqual((row["current"]["rated"], row["current"]["rating"]), (2, 3.5))
