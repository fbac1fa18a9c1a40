from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.dura_sms_gateway.tools.sms_segments import count_segments

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestFeeByFormula(DuraRequestCommon):
    """A building permit priced per m²: the counter sees the fee before submitting, the invoice
    charges it, and the area cannot change once the invoice is posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_permit = cls.env["dura.service.type"].create(
            {
                "name": "Building permit",
                "code": "T-PERMIT",
                "department_id": cls.department_engineering.id,
                "fee_product_id": cls.fee_engineering.id,
                "fee_mode": "per_quantity",
                "fee_quantity_label": "Building area",
                "fee_quantity_unit": "m²",
                "fee_base": 100.0,
                "fee_rate": 2.5,
                "fee_minimum": 300.0,
            }
        )

    def _permit_form(self, area):
        form = Form(self.env["dura.service.request"].with_user(self.user_center))
        form.partner_id = self.citizen_ar
        form.service_type_id = self.service_permit
        if area is not None:
            form.fee_quantity = area
        return form

    def test_fee_shown_before_submitting_and_invoiced(self):
        form = self._permit_form(240)
        self.assertEqual(form.fee_amount, 700.0, "100 + 2.5 x 240")
        form.fee_quantity = 50
        self.assertEqual(form.fee_amount, 300.0, "the minimum")
        form.fee_quantity = 240
        request = form.save()
        self.assertEqual(request.fee_amount, 700.0)
        request.action_submit()
        self.assertEqual(request.state, "awaiting_payment")
        line = request.invoice_id.invoice_line_ids
        self.assertEqual(line.product_id, self.fee_engineering)
        self.assertEqual((line.quantity, line.price_unit), (1.0, 700.0))
        self.assertIn("Building area: 240 m²", line.name)
        self.assertEqual(request.invoice_id.amount_total, 700.0)
        self._pay(request.invoice_id)
        self.assertEqual(request.state, "filed")

    def test_quantity_required_and_positive(self):
        request = self._permit_form(None).save()
        self.assertEqual(request.fee_amount, 0.0)
        with self.assertRaisesRegex(UserError, "Building area"):
            request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "draft")
        # the same rule on the RPC path (assertRaises: in a savepoint, rolled back)
        with self.assertRaises(ValidationError) as caught:
            request.with_user(self.user_center).write({"state": "awaiting_payment"})
        self.assertIn("Building area", str(caught.exception))
        self.assertEqual(request.state, "draft")
        with self.assertRaises(ValidationError):
            request.with_user(self.user_center).fee_quantity = -5
        request.with_user(self.user_center).fee_quantity = 10
        self.assertEqual(request.fee_amount, 300.0)
        request.with_user(self.user_center).action_submit()
        self.assertEqual(request.invoice_id.amount_total, 300.0)

    def test_quantity_locked_once_invoice_posted(self):
        request = self._permit_form(240).save()
        request.with_user(self.user_center).action_submit()
        for env_user in (
            request.with_user(self.user_center),
            request.with_user(self.user_director),
        ):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                env_user.write({"fee_quantity": 10})
        with self.assertRaises(UserError):
            request.sudo().fee_quantity = 10
        self.assertEqual((request.fee_quantity, request.fee_amount), (240.0, 700.0))
        self.assertEqual(request.invoice_id.amount_total, 700.0)
        # cancelled and back to draft, the counter corrects it and invoices again
        request.with_user(self.user_center).action_cancel()
        request.with_user(self.user_center).action_draft()
        request.with_user(self.user_center).fee_quantity = 200
        self.assertEqual(request.fee_amount, 600.0)

    def test_fixed_price_services_unchanged(self):
        request = self._new_request(self.citizen_ar)
        self.assertEqual(request.fee_amount, 50.0)
        self.assertEqual(self.service_engineering.fee_mode, "fixed")
        request.with_user(self.user_center).action_submit()
        line = request.invoice_id.invoice_line_ids
        self.assertEqual(line.name, f"{request.name} - Engineering transaction")

    def test_formula_terms_checked(self):
        self.assertFalse(self.service_permit.is_free)
        self.assertEqual(self.service_permit.fee_amount, 300.0, "from the minimum")
        with self.assertRaises(ValidationError):
            self.service_permit.fee_rate = 0.0
        with self.assertRaises(ValidationError):
            self.service_permit.fee_base = -1.0
        with self.assertRaises(ValidationError):
            self.service_permit.fee_quantity_label = False


@tagged("post_install", "-at_install")
class TestMultiStepService(DuraRequestCommon):
    """A service in three steps across the demo's engineering and water departments, walked by
    the demo officers (engineering, water) and the director."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.eng = ref("dura_municipal_requests.user_officer_engineering")
        cls.water = ref("dura_municipal_requests.user_officer_water")
        cls.director = ref("dura_municipal_requests.user_director")
        cls.dep_eng = ref("dura_municipal_requests.department_engineering")
        cls.dep_water = ref("dura_municipal_requests.department_water")
        cls.service = cls.env["dura.service.type"].create(
            {
                "name": "Building with a water connection",
                "code": "T-STEPS",
                "department_id": cls.dep_eng.id,
                "fee_product_id": cls.fee_engineering.id,
                "sla_days": 10,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Engineering review",
                            "department_id": cls.dep_eng.id,
                            "sla_days": 2,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Network inspection",
                            "department_id": cls.dep_water.id,
                            "sla_days": 3,
                            "citizen_action": True,
                            "checklist_item_ids": [
                                Command.create({"sequence": 1, "name": "Main pipe reachable"}),
                                Command.create({"sequence": 2, "name": "Meter place agreed"}),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "Approval",
                            "department_id": cls.dep_eng.id,
                            "user_ids": [Command.set(cls.director.ids)],
                            "sla_days": 1,
                        }
                    ),
                ],
            }
        )

    def _filed_request(self):
        request = self.env["dura.service.request"].create(
            {"partner_id": self.citizen_ar.id, "service_type_id": self.service.id}
        )
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        self.assertEqual(request.state, "filed")
        return request

    def test_walk_the_steps_across_departments(self):
        request = self._filed_request()
        first, second, third = request.step_ids
        self.assertEqual(request.current_step_id, first)
        self.assertEqual((request.department_id, request.user_id), (self.dep_eng, self.eng))
        today = fields.Date.context_today(request)
        self.assertEqual(first.date_deadline, request._sla_add_working_days(today, 2))
        self.assertEqual((second.state, third.state), ("waiting", "waiting"))
        self.assertFalse(request.with_user(self.water).has_access("read"))
        self.assertEqual(
            second.check_ids.mapped("name"), ["Main pipe reachable", "Meter place agreed"]
        )

        # the engineering officer completes the review: the request goes to the water department
        self.assertTrue(request.with_user(self.eng).can_complete_step)
        request.with_user(self.eng).action_complete_step()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual((first.state, first.done_by_id), ("done", self.eng))
        self.assertTrue(first.date_done)
        self.assertEqual(request.current_step_id, second)
        self.assertEqual((request.department_id, request.user_id), (self.dep_water, self.water))
        self.assertEqual(second.date_deadline, request._sla_add_working_days(today, 3))
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.water)
        self.assertEqual(activity.date_deadline, second.date_deadline)
        # the citizen is texted to act
        texts = self._sms_of(request).mapped("body")
        self.assertTrue([text for text in texts if "Network inspection" in text], texts)
        # the water officer opens and writes it; engineering keeps reading it, no more writes
        self.assertTrue(request.with_user(self.water).has_access("write"))
        self.assertTrue(request.with_user(self.eng).has_access("read"))
        self.assertFalse(request.with_user(self.eng).has_access("write"))
        self.assertEqual(
            self.env["dura.service.request.step"]
            .with_user(self.eng)
            .search([("request_id", "=", request.id)]),
            request.step_ids,
        )
        with self.assertRaises(AccessError):
            request.with_user(self.eng).write({"description": "x"})
        with self.assertRaises(AccessError):
            request.with_user(self.eng).action_complete_step()
        with self.assertRaises(AccessError):
            second.check_ids[0].with_user(self.eng).done = True

        # the checklist first
        with self.assertRaisesRegex(ValidationError, "Main pipe reachable"):
            request.with_user(self.water).action_complete_step()
        self.assertEqual(request.current_step_id, second)
        checks = request.with_user(self.water).current_check_ids
        self.assertEqual(checks, second.check_ids)
        request.with_user(self.water).write(
            {"current_check_ids": [Command.update(checks[0].id, {"done": True})]}
        )
        self.assertEqual(checks[0].done_by_id, self.water)
        with self.assertRaises(ValidationError):
            request.with_user(self.water).action_complete_step()
        checks[1].with_user(self.water).done = True
        with self.assertRaises(AccessError):
            checks[1].with_user(self.water).name = "Something else"
        request.with_user(self.water).action_complete_step()
        self.assertEqual((second.state, second.done_by_id), ("done", self.water))
        self.assertEqual(request.department_id, self.dep_eng)
        self.assertEqual(request.user_id, self.director, "the step's assignee")
        with self.assertRaises(UserError):
            checks[0].with_user(self.water).done = False  # a past step's checklist is closed
        self.assertTrue(request.with_user(self.water).has_access("read"), "water keeps reading")
        self.assertFalse(request.with_user(self.water).has_access("write"))

        # the last step is for its assignee only; it completes the request as usual
        self.assertFalse(request.with_user(self.eng).can_complete_step)
        with self.assertRaises(AccessError):
            request.with_user(self.eng).action_complete_step()
        with self.assertRaisesRegex(UserError, "Approval"):
            request.with_user(self.director).action_done()
        request.with_user(self.director).action_complete_step()
        self.assertEqual(request.state, "done")
        self.assertTrue(request.date_done)
        self.assertEqual(request.step_ids.mapped("state"), ["done", "done", "done"])
        self.assertFalse(request.current_step_id)
        self.assertEqual(third.done_by_id, self.director)

    def test_demo_permit_ends_with_its_licence(self):
        """The demo's building permit at its field inspection: the engineering officer ticks the
        checklist and completes it, the head of engineering (the department's manager in the
        demo) approves, and the permit is done with its one-year licence."""
        permit = self.env.ref("dura_municipal_requests.request_permit_inspection")
        admin = self.env.ref("base.user_admin")
        self.assertEqual(permit.step_ids[0].done_by_id, self.eng, "the demo's review")
        self.assertEqual((permit.fee_quantity, permit.fee_amount), (180.0, 550.0))
        self.assertFalse(permit.with_user(self.water).has_access("read"))
        for check in permit.current_check_ids:
            check.with_user(self.eng).done = True
        permit.with_user(self.eng).action_complete_step()
        self.assertEqual(permit.user_id, admin)
        self.assertFalse(permit.with_user(self.eng).can_complete_step, "the head's approval")
        permit.with_user(admin).action_complete_step()
        self.assertEqual(permit.state, "done")
        self.assertTrue(permit.licence_expiry_date)

    def test_checklist_enforced_on_every_path(self):
        request = self._filed_request()
        request.with_user(self.eng).action_complete_step()
        with self.assertRaises(ValidationError):
            request.current_step_id.sudo().write({"state": "done"})
        with self.assertRaises(AccessError):
            request.current_step_id.with_user(self.water).write({"state": "done"})

    def test_filed_again_stays_at_its_step(self):
        """Back to awaiting payment (its payment removed) and paid again: the request is filed
        with its current step's department, not the first one's, and keeps its steps."""
        request = self._filed_request()
        request.with_user(self.eng).action_complete_step()
        steps = request.step_ids
        request.sudo().write({"state": "awaiting_payment"})
        request._action_file()
        self.assertEqual(request.state, "filed")
        self.assertEqual(request.step_ids, steps)
        self.assertEqual(request.current_step_id, steps[1])
        self.assertEqual(request.department_id, self.dep_water)

    def test_services_without_steps_unchanged(self):
        request = self._new_request(self.citizen_ar, self.service_water)
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        self.assertFalse(request.step_ids)
        self.assertFalse(request.with_user(self.user_water).can_complete_step)
        with self.assertRaises(UserError):
            request.with_user(self.user_water).action_complete_step()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "done")

    def test_step_deadline_waits_with_the_request_on_hold(self):
        request = self._filed_request()
        step = request.current_step_id
        deadline = step.date_deadline
        since = fields.Datetime.subtract(fields.Datetime.now(), days=7)
        request.with_user(self.eng).action_start()
        request.sudo().write({"state": "on_hold", "hold_reason": "Drawings unsigned"})
        request.sudo().sla_hold_since = since
        request.with_user(self.eng).action_resume()
        self.assertTrue(request.sla_paused_days)
        self.assertEqual(
            step.date_deadline, request._sla_add_working_days(deadline, request.sla_paused_days)
        )

    def test_step_transition_query_count(self):
        request = self._filed_request()
        other = self._filed_request()
        other.with_user(self.eng).action_complete_step()  # warm the caches of the path
        request.invalidate_recordset()
        self.env.invalidate_all()
        with self.assertQueryCount(187):
            request.with_user(self.eng).action_complete_step()
        self.assertEqual(request.department_id, self.dep_water)


@tagged("post_install", "-at_install")
class TestCitizenStepSms(DuraRequestCommon):
    """The demo permit at its field inspection: the citizen's SMS in both languages, within two
    UCS-2 segments in Arabic and one GSM-7 segment in English."""

    def test_wording_and_length(self):
        template = self.env.ref("dura_municipal_requests.sms_template_request_step_citizen")
        permit = self.env.ref("dura_municipal_requests.request_permit_inspection")
        self.assertEqual(permit.current_step_id.name, "Field inspection")
        bodies = {}
        for lang in ("ar_001", "en_US"):
            permit.partner_id.lang = lang
            bodies[lang] = template._render_field("body", permit.ids, compute_lang=True)[permit.id]
        self.assertEqual(
            bodies["ar_001"],
            f'بلدية دورا: طلبك رقم {permit.name} في مرحلة "الكشف الميداني" وتحتاج حضورك. '
            "يرجى مراجعة مركز الخدمات.",
        )
        self.assertEqual(
            bodies["en_US"],
            f'Dura Municipality: request {permit.name} is at step "Field inspection", which '
            "needs you. Please contact the service center.",
        )
        self.assertLessEqual(count_segments(bodies["ar_001"]).segments, 2)
        self.assertEqual(count_segments(bodies["en_US"]).segments, 1)
