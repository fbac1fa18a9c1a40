from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf
from odoo.addons.dura_sms_gateway.tools.sms_segments import count_segments

from ..tools import bidi_runs
from .common import DuraRequestCommon

PLACE_AR = "قاعة المجلس البلدي"


class CouncilCommon(DuraRequestCommon):
    """The council secretariat with its secretary, two council members, the two council
    services, and filed requests: three for the council to decide, one to attend."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo's requests waiting for the council are decided elsewhere
        Request = cls.env["dura.service.request"]
        demo = Request.search(
            [
                ("service_type_id.council_role", "!=", "none"),
                ("state", "in", ("filed", "in_progress")),
            ]
        )
        demo.write({"state": "rejected", "rejection_reason": "test"})
        cls.secretary = new_test_user(
            cls.env,
            login="test_council",
            name="Raed Secretary",
            groups="dura_municipal_requests.group_council_secretary",
        )
        cls.department_council = cls.env["dura.municipal.department"].create(
            {
                "name": "Council secretariat",
                "code": "T-COUNCIL",
                "default_user_id": cls.secretary.id,
                "member_ids": [Command.set(cls.secretary.ids)],
            }
        )
        cls.service_decision = cls.env["dura.service.type"].create(
            {
                "name": "Request to the council",
                "code": "T-COUNCIL-REQ",
                "department_id": cls.department_council.id,
                "council_role": "decision",
                "sla_days": 20,
            }
        )
        cls.service_attend = cls.env["dura.service.type"].create(
            {
                "name": "Attending a council session",
                "code": "T-COUNCIL-SES",
                "department_id": cls.department_council.id,
                "council_role": "attendance",
                "sla_days": 10,
            }
        )
        cls.members = cls.env["res.partner"].create(
            [
                {"name": "م. أحمد الشرحة", "dura_council_member": True},
                {"name": "د. سهى عمرو", "dura_council_member": True},
            ]
        )
        cls.env["res.partner"].search(
            [("dura_council_member", "=", True), ("id", "not in", cls.members.ids)]
        ).dura_council_member = False

    def _filed(self, citizen, service, description):
        request = self._new_request(citizen, service)
        request.description = description
        request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "filed")
        return request

    def _session(self, **vals):
        return (
            self.env["dura.council.session"]
            .with_user(self.secretary)
            .create(
                {
                    "date": fields.Datetime.now() + timedelta(days=7),
                    "place": PLACE_AR,
                    **vals,
                }
            )
        )

    def _sms(self, requests):
        return self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.service.request"), ("dura_res_id", "in", requests.ids)]
        )


@tagged("post_install", "-at_install")
class TestCouncilSession(CouncilCommon):
    def setUp(self):
        super().setUp()
        self.stall = self._filed(self.citizen_ar, self.service_decision, "ترخيص بسطة خضار")
        self.street = self._filed(self.citizen_en, self.service_decision, "Pave the road")
        self.fee = self._filed(self.citizen_ar, self.service_decision, "تقسيط رسوم الحرفة")
        self.attend = self._filed(self.citizen_ar, self.service_attend, "حضور الجلسة")

    def test_session_from_agenda_to_decisions(self):
        session = self._session()
        self.assertEqual(session.attendee_ids, self.members)
        self.assertTrue(session.name.startswith("CS/"))
        session.action_load_agenda()
        self.assertEqual(session.item_ids.request_id, self.stall | self.street | self.fee)
        self.assertEqual(session.item_ids.mapped("sequence"), [1, 2, 3])
        # loading again adds nothing
        session.action_load_agenda()
        self.assertEqual(len(session.item_ids), 3)

        session.action_schedule()
        self.assertEqual(session.state, "scheduled")
        self.assertEqual(
            set((self.stall | self.street | self.fee).mapped("state")), {"in_progress"}
        )
        self.assertEqual((self.stall | self.street | self.fee).council_session_id, session)
        # the citizen who asked to attend is answered with the date and place
        self.assertEqual((self.attend.state, self.attend.council_session_id), ("done", session))
        invitation = self._sms(self.attend).filtered(lambda sms: "يمكنكم حضورها" in sms.body)
        self.assertEqual(len(invitation), 1, invitation.mapped("body"))
        self.assertIn("يمكنكم حضورها", invitation.body)
        self.assertIn(PLACE_AR, invitation.body)
        self.assertIn(self.attend.name, invitation.body)
        self.assertEqual(session.attendance_request_ids, self.attend)

        stall, street, fee = session.item_ids
        session.write(
            {
                "item_ids": [
                    Command.update(stall.id, {"decision": "approved", "decision_text": "٦ أشهر"}),
                    Command.update(street.id, {"decision": "deferred"}),
                    Command.update(
                        fee.id,
                        {"decision": "rejected", "decision_text": "لا تقسيط لرسوم الحرف"},
                    ),
                ]
            }
        )
        before = self._sms(self.stall | self.street | self.fee)
        session.action_record_decisions()
        self.assertEqual(session.state, "held")
        self.assertEqual(
            (self.stall.state, self.street.state, self.fee.state),
            ("done", "in_progress", "rejected"),
        )
        self.assertEqual(self.fee.rejection_reason, "لا تقسيط لرسوم الحرف")
        sms = self._sms(self.stall | self.street | self.fee) - before
        self.assertEqual(len(sms), 3, sms.mapped("body"))
        by_request = {s.dura_res_id: s.body for s in sms}
        date = session.date.strftime("%m/%d/%Y")
        self.assertIn("وافق المجلس البلدي", by_request[self.stall.id])
        self.assertEqual(
            by_request[self.street.id],
            f"Dura Municipality: the municipal council deferred your request {self.street.name} "
            "to a later session. We will text you its decision.",
        )
        self.assertIn("لم يوافق المجلس البلدي", by_request[self.fee.id])
        self.assertIn(date.split("/")[2], by_request[self.stall.id])
        # every decision is in the request's chatter
        self.assertTrue(
            any("لا تقسيط لرسوم الحرف" in body for body in self.fee.message_ids.mapped("body"))
        )

        # the next session takes up the deferred request only
        following = self._session(date=fields.Datetime.now() + timedelta(days=30))
        following.action_load_agenda()
        self.assertEqual(following.item_ids.request_id, self.street)
        self.assertEqual(self.street.sudo().council_item_ids.session_id, session | following)

    def test_rules_protect_the_agenda_and_the_decisions(self):
        session = self._session()
        with self.assertRaises(UserError):
            session.action_schedule()  # an empty agenda
        session.action_load_agenda()
        session.date = fields.Datetime.now() - timedelta(hours=1)
        with self.assertRaises(ValidationError):
            session.action_schedule()  # in the past
        session.date = fields.Datetime.now() + timedelta(days=3)
        with self.assertRaises(UserError):
            session.item_ids[:1].decision = "approved"  # not scheduled yet
        session.action_schedule()
        with self.assertRaises(UserError):
            session.place = "elsewhere"  # the citizens were told
        with self.assertRaises(UserError):
            self.env["dura.council.session.item"].with_user(self.secretary).create(
                {"session_id": session.id, "request_id": self.stall.id}
            )
        with self.assertRaises(UserError):
            session.action_cancel()
        with self.assertRaises(UserError):
            session.action_record_decisions()  # three items without a decision
        with self.assertRaises(ValidationError):
            session.item_ids[:1].write({"decision": "rejected"})  # the citizen is owed a reason
        with self.assertRaises(UserError):
            session.unlink()

    def test_only_the_secretary_prepares_sessions(self):
        for user in (self.user_engineer, self.user_director, self.user_center):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dura.council.session"].with_user(user).create(
                    {"date": fields.Datetime.now() + timedelta(days=7), "place": "x"}
                )
        session = self._session()
        # the director and the counter read it (the counter tells citizens when it meets)
        self.assertEqual(session.with_user(self.user_director).read(["name"])[0]["id"], session.id)
        self.assertTrue(session.with_user(self.user_center).date)
        with self.assertRaises(AccessError):
            session.with_user(self.user_director).action_load_agenda()

    def test_council_sms_fit_two_segments(self):
        """Each council SMS, rendered with a real session and request, in Arabic and in
        English: at most two UCS-2 segments in Arabic, GSM-7 in English."""
        session = self._session(place=PLACE_AR)
        self.stall.council_session_id = session
        for xmlid in ("approved", "rejected", "deferred", "attendance"):
            template = self.env.ref(f"dura_municipal_requests.sms_template_council_{xmlid}")
            for lang, limit in (("ar_001", 2), ("en_US", 2)):
                with self.subTest(template=xmlid, lang=lang):
                    self.stall.partner_id.lang = lang
                    body = template._render_field("body", self.stall.ids, compute_lang=True)[
                        self.stall.id
                    ]
                    self.assertIn(self.stall.name, body)
                    self.assertNotIn("{{", body)
                    if lang == "ar_001":
                        self.assertIn("بلدية دورا", body)
                    self.assertLessEqual(count_segments(body).segments, limit, body)


@tagged("post_install", "-at_install")
class TestCouncilPdf(HttpCase, CouncilCommon):
    """The agenda and the minutes as real PDFs, right to left, their text extractable."""

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_agenda_and_minutes_in_arabic(self):
        stall = self._filed(self.citizen_ar, self.service_decision, "ترخيص بسطة رقم 12 في السوق")
        session = self._session()
        session.action_load_agenda()
        session.action_schedule()
        agenda = assert_clean_pdf(
            self,
            render_pdf(
                self, "dura_municipal_requests.action_report_council_agenda", session.ids, "agenda"
            ),
        )
        for text in (
            "جدول أعمال الجلسة",
            session.name,
            stall.name,
            "أحمد محمود الشريف",
            "المدعوون",
        ):
            self.assertIn(text, agenda)
        session.item_ids.write(
            {"decision": "approved", "decision_text": "الموافقة لمدة سنة برسوم 150 شيكل"}
        )
        session.action_record_decisions()
        minutes = assert_clean_pdf(
            self,
            render_pdf(
                self,
                "dura_municipal_requests.action_report_council_minutes",
                session.ids,
                "minutes",
            ),
        )
        for text in (
            "محضر الجلسة",
            "الحضور",
            "موافقة",
            "الموافقة لمدة سنة برسوم",
            "150",
            "أمين سر المجلس",
        ):
            self.assertIn(text, minutes)
        self.assertNotIn("Session Minutes", minutes)


class TestBidiRuns(BaseCase):
    def test_runs(self):
        self.assertEqual(bidi_runs.runs("مساعدة بقيمة 500 شيكل"), ["مساعدة بقيمة", "500", "شيكل"])
        self.assertEqual(
            bidi_runs.runs("المجلس لا يقسّط رسوم رخص الحرف، ويمكن طلب إعفاء جزئي"),
            ["المجلس لا يقسّط رسوم رخص الحرف، ويمكن طلب إعفاء جزئي"],
        )
        self.assertEqual(bidi_runs.runs("لمدة ٦ أشهر حتى 2027"), ["لمدة", "٦", "أشهر حتى", "2027"])
        self.assertEqual(bidi_runs.runs("Approved for 1 year"), ["Approved for 1 year"])
        self.assertEqual(bidi_runs.lines("سطر أول\n\nالبند 3"), [["سطر أول"], ["البند", "3"]])
