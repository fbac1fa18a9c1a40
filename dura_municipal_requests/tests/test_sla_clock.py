import psycopg2
from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import DuraRequestCommon

# Asia/Hebron is UTC+2 in December: 07:00 UTC is 09:00 at the municipality.
SUNDAY = "2026-12-06 07:00:00"
MONDAY = "2026-12-07 07:00:00"
THURSDAY = "2026-12-10 07:00:00"


@tagged("post_install", "-at_install")
class TestSlaClock(DuraRequestCommon):
    """The SLA clock on the municipality's week (Sunday to Thursday) and its holidays, paused
    on hold for the citizen, escalated level by level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("dura_municipal_requests.resource_calendar_dura")
        cls.company.resource_calendar_id = cls.calendar
        cls.service_complaint.sla_days = 5
        cls.doc_photo = cls.env["dura.service.document.type"].create({"name": "Photo"})
        cls.water_head = new_test_user(
            cls.env,
            login="water_head",
            name="Head of Water",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.department_water.manager_id = cls.water_head

    def _filed(self, when=SUNDAY):
        with freeze_time(when):
            request = self._new_request(self.citizen_en, self.service_complaint)
            request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "filed")
        return request

    def _hold(self, request, when):
        with freeze_time(when):
            self._reason_wizard(
                request, "hold", "Bring a photo", self.user_water, missing=self.doc_photo
            )
        self.assertEqual(request.state, "on_hold")

    def _resume(self, request, when):
        photo = request.document_ids.filtered(lambda d: d.document_type_id == self.doc_photo)
        photo.with_user(self.user_water).attachment_ids = [
            Command.link(self._attachment(user=self.user_water).id)
        ]
        with freeze_time(when):
            request.with_user(self.user_water).action_resume()
        self.assertEqual(request.state, "in_progress")

    def _activities(self, request):
        """The escalation to-dos (they name the request; the filing's "Process ..." does not)."""
        return request.activity_ids.filtered(lambda a: request.name in (a.summary or ""))

    # ------------------------------------------------------------
    # The clock
    # ------------------------------------------------------------

    def test_deadline_on_the_municipality_week(self):
        # filed on Sunday: Sunday, Monday, Tuesday, Wednesday, Thursday
        self.assertEqual(self._filed().sla_deadline, fields.Date.to_date("2026-12-10"))
        # filed on Thursday: Thursday, then Sunday to Wednesday (Friday and Saturday are off)
        self.assertEqual(self._filed(THURSDAY).sla_deadline, fields.Date.to_date("2026-12-16"))

    def test_public_holiday_not_counted(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": "2026-12-07 22:00:00",  # Tuesday the 8th, local day
                "date_to": "2026-12-08 21:59:59",
            }
        )
        self.assertEqual(self._filed().sla_deadline, fields.Date.to_date("2026-12-13"))

    def test_hold_pauses_the_clock_and_pushes_the_deadline(self):
        request = self._filed()
        self._hold(request, MONDAY)
        self.assertEqual(request.sla_hold_since, fields.Datetime.to_datetime(MONDAY))
        with freeze_time("2026-12-14 07:00:00"):  # past the deadline, still waiting
            self.assertFalse(request.is_overdue)
            self.assertNotIn(
                request, self.env["dura.service.request"].search([("is_overdue", "=", True)])
            )
        # Monday 09:00 to Thursday 09:00: Monday, Tuesday, Wednesday do not count
        self._resume(request, THURSDAY)
        self.assertEqual(request.sla_paused_days, 3)
        self.assertFalse(request.sla_hold_since)
        # Thursday the 10th + 3 working days: Sunday 13, Monday 14, Tuesday 15
        self.assertEqual(request.sla_deadline, fields.Date.to_date("2026-12-15"))

    def test_hold_over_the_weekend_counts_working_time_only(self):
        request = self._filed()
        self._hold(request, THURSDAY)
        # Thursday 09:00 to Sunday 09:00: six working hours on Thursday, one on Sunday
        self._resume(request, "2026-12-13 07:00:00")
        self.assertEqual(request.sla_paused_days, 1)
        self.assertEqual(request.sla_deadline, fields.Date.to_date("2026-12-13"))

    def test_short_hold_moves_nothing(self):
        request = self._filed()
        self._hold(request, MONDAY)
        self._resume(request, "2026-12-07 09:00:00")  # two hours
        self.assertEqual(request.sla_paused_days, 0)
        self.assertEqual(request.sla_deadline, fields.Date.to_date("2026-12-10"))

    def test_done_within_sla_counts_the_paused_clock(self):
        """The monthly report compares the done date with the (pushed) deadline."""
        request = self._filed()
        self._hold(request, MONDAY)
        self._resume(request, THURSDAY)
        with freeze_time("2026-12-14 10:00:00"):  # after the first deadline, before the new one
            request.with_user(self.user_water).action_done()
        self.assertLessEqual(request.date_done.date(), request.sla_deadline)

    # ------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------

    def test_escalation_each_level_once(self):
        Request = self.env["dura.service.request"]
        request = self._filed()  # deadline Thursday the 10th
        self.service_complaint.escalation_warn_days = 1
        self.service_complaint.escalation_director_days = 2
        with freeze_time("2026-12-08 08:00:00"):  # Tuesday: two working days left
            Request._cron_sla_escalate()
            self.assertFalse(request.sla_escalation)
        with freeze_time("2026-12-09 08:00:00"):  # Wednesday: one working day left
            Request._cron_sla_escalate()
            Request._cron_sla_escalate()
        self.assertEqual(request.sla_escalation, "assignee")
        reminders = self._activities(request)
        self.assertEqual(reminders.user_id, self.user_water)
        self.assertEqual(len(reminders), 1, "each level once")
        with freeze_time("2026-12-10 08:00:00"):  # the deadline: the department manager
            Request._cron_sla_escalate()
        self.assertEqual(request.sla_escalation, "manager")
        self.assertEqual(len(self._activities(request)), 2)
        self.assertEqual((self._activities(request) - reminders).user_id, self.water_head)
        with freeze_time("2026-12-13 08:00:00"):  # Sunday: one working day after, not yet
            Request._cron_sla_escalate()
        self.assertEqual(request.sla_escalation, "manager")
        with freeze_time("2026-12-14 08:00:00"):  # Monday: two working days after
            Request._cron_sla_escalate()
            Request._cron_sla_escalate()
        self.assertEqual(request.sla_escalation, "director")
        director_todo = self._activities(request).filtered(
            lambda a: a.user_id == self.user_director
        )
        self.assertEqual(len(director_todo), 1)
        self.assertIn(request.name, director_todo.summary)

    def test_late_cron_gives_every_level_and_skips_held_requests(self):
        Request = self.env["dura.service.request"]
        late, held = self._filed(), self._filed()
        self._hold(held, MONDAY)
        with freeze_time("2026-12-24 08:00:00"):
            Request._cron_sla_escalate()
        self.assertEqual(late.sla_escalation, "director")
        users = self._activities(late).user_id
        self.assertIn(self.user_water, users)
        self.assertIn(self.user_director, users)
        self.assertFalse(held.sla_escalation, "the clock of a held request is paused")
        self.assertFalse(self._activities(held))

    def test_escalation_in_the_users_language(self):
        self.user_water.lang = "ar_001"
        request = self._filed()
        with freeze_time("2026-12-09 08:00:00"):
            self.env["dura.service.request"]._cron_sla_escalate()
        self.assertIn("مستحق", self._activities(request).summary)

    def test_negative_escalation_delays_refused(self):
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.service_complaint.escalation_director_days = -1
                self.service_complaint.flush_recordset()

    def test_director_overdue_list(self):
        request = self._filed()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_municipal_requests.action_dura_service_request_overdue"
        )
        Request = self.env["dura.service.request"].with_user(self.user_director)
        with freeze_time("2026-12-14 08:00:00"):
            self.assertIn(request, Request.search(safe_eval(action["domain"])))
        with freeze_time("2026-12-09 08:00:00"):
            self.assertNotIn(request, Request.search(safe_eval(action["domain"])))
