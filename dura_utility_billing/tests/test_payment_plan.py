from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

from ..tools.payment_schedule import (
    ScheduleError,
    instalment_dates,
    schedule_status,
    split_arrears,
)
from .common import DuraUtilityCommon

FINANCE = "dura_utility_billing.group_utility_finance_manager"
PLAN_TEMPLATES = (
    "dura_utility_billing.sms_template_payment_plan_agreed",
    "dura_utility_billing.sms_template_payment_plan_reminder",
    "dura_utility_billing.sms_template_payment_plan_broken",
)


class TestPaymentSchedule(BaseCase):
    """tools/payment_schedule.py without the ORM."""

    def test_split_last_takes_the_remainder(self):
        self.assertEqual(split_arrears(100.0, 0.0, 3), [33.33, 33.33, 33.34])
        self.assertEqual(split_arrears(100.0, 10.0, 3), [30.0, 30.0, 30.0])
        self.assertEqual(split_arrears(343.5, 43.51, 7), [42.85] * 6 + [42.89])
        # float noise in the input never loses or adds an agora
        amounts = split_arrears(0.1 + 0.2 + 299.7, 0.3, 9)
        self.assertEqual(round(sum(amounts) * 100), 29970)
        self.assertEqual(split_arrears(1000, 0, 4, rounding=1.0), [250, 250, 250, 250])

    def test_split_refuses_bad_terms(self):
        for args, code in (
            ((100.0, 0.0, 0), "count"),
            ((100.0, 0.0, 61), "count"),
            ((0.0, 0.0, 3), "total"),
            ((100.0, 100.0, 3), "down_payment"),
            ((100.0, -1.0, 3), "down_payment"),
            ((0.05, 0.0, 6), "count"),
        ):
            with self.subTest(args=args), self.assertRaises(ScheduleError) as catcher:
                split_arrears(*args)
            self.assertEqual(catcher.exception.code, code)

    def test_dates_monthly_from_the_first(self):
        self.assertEqual(
            instalment_dates(date(2027, 1, 31), 3),
            [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)],
        )

    def test_status_oldest_first(self):
        schedule = [(date(2027, 1, 1), 10.0), (date(2027, 2, 1), 30.0), (date(2027, 3, 1), 30.0)]
        status = schedule_status(schedule, 39.99, date(2027, 2, 5), 10)
        self.assertEqual(status.paid, (True, False, False))
        self.assertIsNone(status.missed)
        self.assertEqual(schedule_status(schedule, 39.99, date(2027, 2, 12), 10).missed, 1)
        self.assertTrue(schedule_status(schedule, 70.0, date(2027, 9, 1), 10).done)


class PlanData(DuraUtilityCommon):
    """An Arabic citizen's water subscription with two unpaid bills, an officer at the
    counter (Arabic) and a finance manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for xmlid in PLAN_TEMPLATES:
            cls.env.ref(xmlid).sudo().action_dura_approve()
        cls.subscription = cls._subscriptions(1, partner=cls.citizen_ar)
        cls._read(cls.subscription, 100, date=cls.previous_period_date)
        cls._run(period=cls.previous_period).action_run_now()
        cls._read(cls.subscription, 130, date=cls.period_date)
        cls._run().action_run_now()
        cls.bills = cls.subscription.bill_ids.move_id.sorted("dura_period")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.officer = cls.env["res.users"].create(
            {
                "name": "Counter officer",
                "login": "plan_officer",
                "email": "officer@example.com",
                "lang": "ar_001",
                "company_id": cls.env.company.id,
                "company_ids": [Command.set(cls.env.company.ids)],
                "groups_id": [
                    Command.set([cls.env.ref("dura_utility_billing.group_utility_officer").id])
                ],
            }
        )
        cls.finance = cls.env["res.users"].create(
            {
                "name": "Finance manager",
                "login": "plan_finance",
                "email": "finance@example.com",
                "company_id": cls.env.company.id,
                "company_ids": [Command.set(cls.env.company.ids)],
                "groups_id": [
                    Command.set(
                        [cls.env.ref("dura_utility_billing.group_utility_finance_manager").id]
                    )
                ],
            }
        )

    def _plan(self, user=None, lang=None, **vals):
        env = self.env(user=user) if user else self.env
        if lang:
            env = env(context=dict(env.context, lang=lang))
        return env["dura.utility.payment.plan"].create(
            {
                "subscription_id": self.subscription.id,
                "move_ids": [Command.set(self.bills.ids)],
                "instalment_count": 3,
                "first_date": self.today + relativedelta(months=1),
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestPaymentPlan(PlanData):
    def _pay(self, amount, plan):
        action = plan.action_register_payment()
        context = {**action["context"], "default_amount": amount}
        self.env["account.payment.register"].with_context(**context).create({})._create_payments()

    def _sms(self, plan):
        # posted on the plan's chatter (the mail.message links the SMS to the plan)
        return self.env["sms.sms"].sudo().search([("mail_message_id", "in", plan.message_ids.ids)])

    # ------------------------------------------------------------

    def test_amounts_and_rounding(self):
        arrears = sum(self.bills.mapped("amount_residual"))
        self.assertTrue(arrears > 100)
        plan = self._plan(down_payment=10.0, instalment_count=7)
        self.assertEqual(plan.amount_arrears, arrears)
        amounts = plan.line_ids.mapped("amount")
        self.assertEqual(len(amounts), 7)
        share = int((arrears - 10.0) * 100) // 7 / 100
        self.assertEqual(amounts[:6], [share] * 6)
        self.assertAlmostEqual(amounts[6], arrears - 10.0 - share * 6, places=2)
        self.assertTrue(self.env.company.currency_id.is_zero(sum(amounts) + 10.0 - arrears))
        self.assertEqual(
            plan.line_ids.mapped("date"),
            [self.today + relativedelta(months=1 + index) for index in range(7)],
        )
        # new terms in draft: the schedule follows
        plan.instalment_count = 2
        self.assertEqual(len(plan.line_ids), 2)
        self.assertAlmostEqual(sum(plan.line_ids.mapped("amount")), arrears - 10.0, places=2)

    def test_agree_holds_the_bills_and_texts_the_citizen(self):
        plan = self._plan(down_payment=20.0)
        plan.action_agree()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.date_agreed, self.today)
        self.assertEqual(set(self.bills.mapped("dura_collection_hold")), {"plan"})
        sms = self._sms(plan)
        self.assertEqual(len(sms), 1)
        # the citizen is Arabic: the text is the Arabic translation
        self.assertIn("خطة تقسيط", sms.body)
        self.assertIn(plan.name, sms.body)
        self.assertIn(f"{plan.line_ids[0].amount:.2f}", sms.body)
        # the agreement prints
        action = plan.action_print()
        self.assertEqual(action["report_name"], "dura_utility_billing.report_payment_plan")

    def test_payments_complete_the_plan(self):
        plan = self._plan(down_payment=20.0, instalment_count=2)
        plan.action_agree()
        self._pay(20.0, plan)
        self.assertEqual(plan.amount_paid, 20.0)
        self.assertFalse(plan.line_ids[0].is_paid)
        self._pay(plan.line_ids[0].amount, plan)
        self.assertTrue(plan.line_ids[0].is_paid)
        self.assertEqual(plan.next_line_id, plan.line_ids[1])
        self.assertIn("Instalment 2:", plan.next_line_id.display_name)
        self.assertEqual(plan.state, "running")
        self._pay(plan.amount_remaining, plan)
        # the last payment paid the bills: the plan is done at once
        self.assertEqual(plan.state, "done")
        self.assertEqual(set(self.bills.mapped("payment_state")) - {"paid", "in_payment"}, set())
        self.assertFalse(any(self.bills.mapped("dura_collection_hold")))
        self.assertIn("completed", plan.message_ids[0].body)

    def test_missed_instalment_breaks_the_plan(self):
        plan = self._plan(down_payment=0.0, instalment_count=3)
        plan.action_agree()
        first = plan.line_ids[0]
        # reminder a few days before the first date, once
        done, broken, reminded = plan._follow_up(first.date - timedelta(days=2))
        self.assertEqual(reminded, first)
        self.assertTrue(first.reminder_sent)
        reminder = self._sms(plan).filtered(lambda s: f"{first.amount:.2f}" in s.body)
        self.assertEqual(len(self._sms(plan)), 2, "agreed + reminder")
        self.assertTrue(reminder)
        self.assertFalse(plan._follow_up(first.date - timedelta(days=1))[2], "no second reminder")
        # within the grace days nothing happens
        grace = self.env.company.dura_plan_grace_days
        self.assertFalse(plan._follow_up(first.date + timedelta(days=grace))[1])
        self.assertEqual(plan.state, "running")
        # a day later the plan is broken and collection resumes
        done, broken, reminded = plan._follow_up(first.date + timedelta(days=grace + 1))
        self.assertEqual(broken, plan)
        self.assertEqual(plan.state, "broken")
        self.assertFalse(any(self.bills.mapped("dura_collection_hold")))
        self.assertEqual(len(self._sms(plan)), 3)
        note = plan.message_ids.filtered(lambda m: "broken" in (m.body or ""))[:1]
        self.assertIn("was not made", note.body)
        # the bills can go to a new plan
        self._plan().action_agree()

    def test_paid_instalment_keeps_the_plan(self):
        plan = self._plan(down_payment=0.0, instalment_count=3)
        plan.action_agree()
        self._pay(plan.line_ids[0].amount, plan)
        grace = self.env.company.dura_plan_grace_days
        plan._follow_up(plan.line_ids[0].date + timedelta(days=grace + 1))
        self.assertEqual(plan.state, "running")

    def test_cron_follows_up(self):
        plan = self._plan(instalment_count=1, first_date=self.today)
        plan.action_agree()
        self._pay(plan.amount_arrears, plan)
        self.assertEqual(plan.state, "done")
        # the cron runs over whatever is running without failing
        self.env["dura.utility.payment.plan"]._cron_follow_up()

    def test_approval_beyond_the_counter_limits(self):
        self.env.company.dura_plan_max_instalments = 2
        plan = self._plan(user=self.officer, instalment_count=3)
        plan.action_agree()
        self.assertEqual(plan.state, "to_approve")
        # a finance manager is asked to approve it
        self.assertIn(plan.activity_ids.user_id, self.env.ref(FINANCE).users)
        self.assertFalse(any(self.bills.mapped("dura_collection_hold")))
        with self.assertRaises(UserError):
            plan.action_approve()
        plan.with_user(self.finance).action_approve()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.approved_by_id, self.finance)
        self.assertEqual(plan.agreed_by_id, self.officer)
        # the finance manager agrees such a plan directly
        plan.action_cancel()
        self.assertFalse(any(self.bills.mapped("dura_collection_hold")))
        other = self._plan(user=self.finance, instalment_count=3)
        other.action_agree()
        self.assertEqual(other.state, "running")

    def test_bad_input_in_arabic(self):
        """Each rule refuses with an Arabic message for an Arabic officer; nothing is written."""
        plan = self._plan(user=self.officer)
        ar = plan.with_context(lang="ar_001")
        with self.assertRaisesText(UserError, "بين 1 و60"):
            ar.instalment_count = 0
        with self.assertRaisesText(UserError, "الدفعة الأولى"):
            ar.down_payment = plan.amount_arrears
        with self.assertRaisesText(ValidationError, "تتزايد"):
            ar.line_ids[1].date = ar.line_ids[0].date
        with self.assertRaisesText(UserError, "لا يساوي"):
            ar.line_ids[0].amount += 1
            ar.action_agree()
        self.assertEqual(plan.state, "draft")
        ar.action_agree()
        # a running plan's terms are the signed paper
        with self.assertRaisesText(UserError, "ألغِ الخطة"):
            ar.down_payment = 5
        with self.assertRaisesText(UserError, "ألغِ الخطة"):
            ar.line_ids[0].amount = 1
        # no bill in two running plans
        second = self._plan(user=self.officer).with_context(lang="ar_001")
        with self.assertRaisesText(ValidationError, "موجودة في خطة التقسيط"):
            second.action_agree()
        second.invalidate_recordset()
        self.assertEqual(second.state, "draft")
        # no plan on a paid bill
        plan.action_cancel()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.bills[0].ids
        ).create({})._create_payments()
        with self.assertRaisesText(ValidationError, "مدفوعة"):
            self._plan(user=self.officer, lang="ar_001", move_ids=[Command.set(self.bills[0].ids)])

    def test_bill_of_another_subscription_refused(self):
        other = self._subscriptions(1)
        with self.assertRaisesRegex(ValidationError, "is not a posted bill of subscription"):
            self._plan(subscription_id=other.id)

    def test_first_date_in_the_past_refused(self):
        plan = self._plan(first_date=self.today - timedelta(days=1))
        with self.assertRaisesRegex(UserError, "cannot be in the past"):
            plan.action_agree()


@tagged("post_install", "-at_install")
class TestPaymentPlanPdf(PlanData, HttpCase):
    """The agreement the citizen and the officer sign, through wkhtmltopdf, in Arabic (the
    citizen's language) and in English."""

    REPORT = "dura_utility_billing.action_report_payment_plan"

    def _agreed(self, partner):
        self.subscription.partner_id = partner
        plan = self._plan(down_payment=40.0, instalment_count=4)
        plan.action_agree()
        return plan

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_agreement_arabic(self):
        plan = self._agreed(self.citizen_ar)
        content = render_pdf(self, self.REPORT, plan.ids, "payment_plan_ar")
        text = assert_clean_pdf(
            self,
            content,
            (
                plan.name,
                self.subscription.name,
                "محمد أحمد عمرو",
                "اتفاقية خطة تقسيط",
                "الدفعة الأولى",
                "التوقيع",
                *self.bills.mapped("name"),
                f"{plan.line_ids[-1].amount:.2f}",
                f"{plan.amount_arrears:,.2f}",
            ),
        )
        self.assertNotIn("Payment Plan Agreement", text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_agreement_english(self):
        plan = self._agreed(self.citizen_en)
        content = render_pdf(self, self.REPORT, plan.ids, "payment_plan_en")
        assert_clean_pdf(
            self,
            content,
            (
                plan.name,
                "Sami Dudeen",
                "Payment Plan Agreement",
                "Down payment",
                "Signature",
                f"{plan.line_ids[0].amount:.2f}",
            ),
        )
