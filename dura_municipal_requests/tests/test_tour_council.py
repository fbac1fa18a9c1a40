from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCouncilSessionTour(HttpCase):
    def test_secretary_takes_a_session_from_agenda_to_decisions(self):
        """The council's secretary (demo user council, only the secretary's group) prepares a
        session from the demo's filed council requests, schedules it, prints the agenda,
        records the decisions and prints the minutes; each citizen is texted."""
        secretary = self.env.ref("dura_municipal_requests.user_council_secretary")
        category = self.env.ref("dura_municipal_requests.module_category_dura_requests")
        groups = secretary.groups_id.filtered(lambda g: g.category_id == category)
        self.assertEqual(
            groups,
            self.env.ref("dura_municipal_requests.group_council_secretary")
            | self.env.ref("dura_municipal_requests.group_department_officer"),
        )
        self.start_tour("/odoo", "dura_council_session", login="council", timeout=180)
        session = self.env["dura.council.session"].search([("create_uid", "=", secretary.id)])
        self.assertEqual(session.state, "held")
        decisions = {item.request_id: item.decision for item in session.item_ids}
        street = self.env.ref("dura_municipal_requests.request_council_street")
        fee = self.env.ref("dura_municipal_requests.request_council_fee")
        stall = self.env.ref("dura_municipal_requests.request_council_stall")
        waived = self.env.ref("dura_municipal_requests.request_waived")
        self.assertEqual(
            decisions,
            {street: "approved", fee: "rejected", stall: "deferred", waived: "approved"},
        )
        self.assertEqual(
            (street.state, fee.state, stall.state), ("done", "rejected", "in_progress")
        )
        self.assertIn("إعفاء جزئي", fee.rejection_reason)
        attend = self.env.ref("dura_municipal_requests.request_council_attend")
        self.assertEqual((attend.state, attend.council_session_id), ("done", session))
        sms = self.env["sms.sms"].search(
            [
                ("dura_res_model", "=", "dura.service.request"),
                ("dura_res_id", "in", (street | fee | stall | attend).ids),
            ]
        )
        bodies = " ".join(sms.mapped("body"))
        for words in ("يمكنكم حضورها", "وافق المجلس", "لم يوافق المجلس", "أجّل المجلس"):
            self.assertIn(words, bodies)
