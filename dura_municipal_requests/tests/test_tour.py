from odoo.tests import HttpCase, tagged

ACTION = "/odoo/action-dura_municipal_requests.action_dura_service_request"
WEB_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "document_ids": {
        "fields": {
            "document_type_id": {"fields": {"display_name": {}}},
            "attachment_ids": {"fields": {"name": {}, "mimetype": {}}},
        }
    },
}


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    """The counter's and the department's working day, in Chromium, as the demo role users
    (no e-mail address, only their role's groups), on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.frontdesk = ref("dura_municipal_requests.user_front_desk")
        cls.water = ref("dura_municipal_requests.user_officer_water")
        cls.fatima = ref("dura_municipal_requests.citizen_fatima")
        cls.sequence = ref("dura_municipal_requests.seq_dura_service_request")

    def test_front_desk_registers_a_returning_citizen(self):
        self.assertFalse(self.frontdesk.email, "the demo's front desk has no e-mail on purpose")
        Request = self.env["dura.service.request"]
        last = Request.with_context(active_test=False).search([], order="id desc", limit=1)
        partners = self.env["res.partner"].with_context(active_test=False).search_count([])
        number = self.sequence.number_next_actual

        self.start_tour(ACTION, "dura_request_front_desk", login="frontdesk")

        request = Request.search([("id", ">", last.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.partner_id, self.fatima, "found by her national ID")
        self.assertEqual(
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            partners,
            "no second contact for a returning citizen",
        )
        self.assertEqual(request.create_uid, self.frontdesk)
        self.assertTrue(request.name.endswith(f"{number:05d}"), "no tracking number skipped")
        self.assertEqual(request.state, "awaiting_payment")
        self.assertEqual(request.invoice_id.state, "posted")
        self.assertEqual(request.invoice_id.payment_state, "not_paid")
        self.assertEqual(request.sudo().hold_reason, "ستحضر إثبات الملكية ومخطط الموقع")
        scan = request.document_ids.attachment_ids
        self.assertEqual(len(scan), 1)
        self.assertEqual(scan.name, "بطاقة هوية فاطمة.pdf")
        self.assertEqual(scan.mimetype, "application/pdf")
        self.assertTrue(scan.raw.startswith(b"%PDF-"))
        line = request.document_ids.filtered("attachment_ids")
        self.assertEqual((scan.res_model, scan.res_id), (line._name, line.id))
        # the water department, where the request is routed, opens it with its documents
        self.assertEqual(
            request.department_id, self.env.ref("dura_municipal_requests.department_water")
        )
        data = request.with_user(self.water).web_read(WEB_SPEC)[0]
        names = [a["name"] for d in data["document_ids"] for a in d["attachment_ids"]]
        self.assertEqual(names, ["بطاقة هوية فاطمة.pdf"])

    def test_department_officer_holds_resumes_and_completes(self):
        self.assertFalse(self.water.email, "the demo's officers have no e-mail on purpose")
        request = self.env.ref("dura_municipal_requests.request_water_filed")
        # the service center alone: the connection is completed without an effect (with the
        # utility app, dura_municipal_requests_utility's tour enters the meter first)
        request.service_type_id.completion_effect = "none"
        self.assertEqual(request.state, "filed")
        self.assertEqual(request.user_id, self.water)
        self.assertEqual(request.create_uid.id, 1, "sent by the counter (demo data)")

        self.start_tour(ACTION, "dura_request_department_officer", login="water")

        self.assertEqual(request.state, "done")
        self.assertEqual(request.sudo().hold_reason, "مخطط الموقع المرفق لا يخص العقار")
        plan = request.document_ids.filtered(
            lambda d: d.document_type_id
            == self.env.ref("dura_municipal_requests.document_type_site_plan")
        )
        self.assertEqual(plan.attachment_ids.name, "مخطط الموقع الصحيح.pdf")
        self.assertEqual(plan.attachment_ids.create_uid, self.water)
        self.assertEqual(plan.attachment_ids.res_id, plan.id)
        note = request.message_ids.filtered(lambda m: "ليحضر المخطط الصحيح" in (m.body or ""))
        self.assertEqual(note.author_id, self.water.partner_id)

    def test_front_desk_renews_an_expiring_licence(self):
        licence = self.env.ref("dura_municipal_requests.request_licence_expiring")
        self.assertTrue(licence.is_licence_expiring)
        self.assertTrue(licence.licence_notice_date, "the demo cron texted the holder")
        self.start_tour(ACTION, "dura_front_desk_licence_renewal", login="frontdesk")
        renewal = licence.renewal_ids
        self.assertEqual(len(renewal), 1)
        self.assertEqual(renewal.state, "awaiting_payment")
        self.assertEqual(renewal.create_uid, self.frontdesk)
        self.assertEqual(len(renewal.document_ids.attachment_ids), 3)
