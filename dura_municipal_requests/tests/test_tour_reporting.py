import base64

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

ACTION = "/odoo/action-dura_municipal_requests.action_dura_service_request"


@tagged("post_install", "-at_install")
class TestReportingTours(HttpCase):
    """The department officer's screens in a browser; the demo director's reports and an
    Arabic form, as the demo user on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.ps")
        cls.env["dura.service.request.demo"]._approve_sms_templates()
        cls.officer = new_test_user(
            cls.env,
            login="tour_officer",
            name="Tour Officer",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.director = new_test_user(
            cls.env,
            login="tour_director",
            name="Tour Director",
            groups="dura_municipal_requests.group_director",
        )
        department = cls.env["dura.municipal.department"].create(
            {
                "name": "Tour Works",
                "code": "TOURW",
                "default_user_id": cls.officer.id,
                "member_ids": [Command.set(cls.officer.ids)],
            }
        )
        cls.plan = cls.env["dura.service.document.type"].create({"name": "Tour plan"})
        cls.service = cls.env["dura.service.type"].create(
            {"name": "Tour Works Permit", "code": "TOURW", "department_id": department.id}
        )
        citizen = cls.env["res.partner"].create(
            {
                "name": "Tour Citizen",
                "dura_national_id": "401234562",
                "mobile": "0599000111",
                "lang": "en_US",
            }
        )
        cls.request = cls.env["dura.service.request"].create(
            {"partner_id": citizen.id, "service_type_id": cls.service.id}
        )
        cls.request.action_submit()  # a free service: filed at once

    def test_department_officer_holds_and_completes(self):
        self.assertEqual(self.request.state, "filed")
        url = f"{ACTION}/{self.request.id}"
        self.start_tour(url, "dura_request_department_hold", login="tour_officer")
        self.assertEqual(self.request.state, "on_hold")
        self.assertEqual(self.request.sudo().hold_reason, "The site plan is missing")
        line = self.request.document_ids.filtered(lambda d: d.document_type_id == self.plan)
        self.assertTrue(line.required)
        # the citizen brings the plan to the counter
        line.attachment_ids = self.env["ir.attachment"].create(
            {
                "name": "plan.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 plan"),
                "res_model": line._name,
                "res_id": line.id,
            }
        )
        self.start_tour(url, "dura_request_department_complete", login="tour_officer")
        self.assertEqual(self.request.state, "done")
        self.assertTrue(self.request.date_done)

    def test_director_opens_monthly_report_and_pivot(self):
        """The demo director, with only the director's groups, on the demo data: the monthly
        report opens on a month that has requests and prints; every analysis opens."""
        director = self.env.ref("dura_municipal_requests.user_director")
        self.assertTrue(director.has_group("dura_municipal_requests.group_director"))
        self.assertFalse(director.has_group("base.group_system"))
        wizard = self.env["dura.service.center.report"].with_user(director).create({})
        self.assertTrue(
            wizard._get_figures()["current"]["received"],
            "the report opens on a month with the demo's requests, not an empty one",
        )
        self.start_tour("/odoo", "dura_manager_reporting", login="director")

    def test_director_opens_the_overdue_list(self):
        """The demo's late water connection was escalated up to the director by the cron;
        the demo director finds it in Overdue, by department and assignee, and opens it."""
        director = self.env.ref("dura_municipal_requests.user_director")
        late = self.env.ref("dura_municipal_requests.request_water_filed")
        self.assertTrue(late.is_overdue)
        self.assertEqual(late.sla_escalation, "director")
        self.assertIn(director, late.activity_ids.user_id)
        self.start_tour("/odoo", "dura_director_overdue", login="director")

    def test_arabic_user_opens_the_request_form(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(["dura_municipal_requests"], ["ar_001"])
        self.officer.lang = "ar_001"
        self.start_tour(
            f"{ACTION}/{self.request.id}", "dura_request_arabic_form", login="tour_officer"
        )

    def test_director_reads_the_citizens_ratings(self):
        """The demo citizens answered the rating SMS (4, 5, and 0 on a complaint): the demo
        director reads the answers and opens the reopened complaint."""
        reopened = self.env.ref("dura_municipal_requests.request_reopened")
        self.assertEqual((reopened.state, reopened.feedback_state), ("in_progress", "reopened"))
        self.assertEqual(self.env.ref("dura_municipal_requests.request_done_2").feedback_rating, 4)
        self.start_tour("/odoo", "dura_director_feedback", login="director")
