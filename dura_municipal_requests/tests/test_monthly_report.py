import datetime
import statistics
import uuid

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

from .common import DuraRequestCommon

MARCH, FEBRUARY = (2025, 3), (2025, 2)
REPORT = "dura_municipal_requests.action_report_service_center_monthly"


def at(day, hour=10):
    """A naive UTC datetime of March 2025 (day > 0) or February (day given as (2, d))."""
    month, day = day if isinstance(day, tuple) else (3, day)
    return datetime.datetime(2025, month, day, hour)


class MonthlyReportData(DuraRequestCommon):
    """Requests, fee invoices and SMS of February and March 2025 (no demo data there)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Asia/Hebron"
        cls.service_survey = cls.env["dura.service.type"].create(
            {
                "name": "Site survey",
                "code": "T-SURVEY",
                "department_id": cls.department_engineering.id,
                "sla_days": 5,
            }
        )
        complaint, survey = cls.service_complaint, cls.service_survey
        # (service, submitted, filed, done, SLA deadline, state, active)
        cls.specs = [
            (complaint, at(2), at(2), at(4), datetime.date(2025, 3, 5), "done", True),
            (complaint, at(3), at(3), at(13), datetime.date(2025, 3, 6), "done", True),
            (survey, at(5), at(5), at(6, 22), datetime.date(2025, 3, 15), "done", True),
            (survey, at(10), at(10), False, datetime.date(2025, 3, 17), "on_hold", True),
            (survey, at(11), at(11), False, datetime.date(2025, 3, 18), "rejected", False),
            (
                complaint,
                at((2, 25)),
                at((2, 25)),
                at(1, 8),
                datetime.date(2025, 2, 28),
                "done",
                True,
            ),
            (complaint, at((2, 10)), at((2, 10)), at((2, 12)), False, "done", True),
            (survey, at((2, 11)), at((2, 12)), False, False, "in_progress", True),
            # outside both months
            (
                complaint,
                datetime.datetime(2025, 1, 5),
                datetime.datetime(2025, 1, 5),
                datetime.datetime(2025, 1, 9),
                False,
                "done",
                True,
            ),
            (complaint, datetime.datetime(2025, 4, 1, 8), False, False, False, "filed", True),
        ]
        cls.requests = cls._craft(cls.specs)
        # a fee invoice of March, 30 of 50 paid, and one of February, paid
        cls.invoice_march = cls._fee_invoice(datetime.date(2025, 3, 20), 50.0, 30.0)
        cls.invoice_february = cls._fee_invoice(datetime.date(2025, 2, 3), 50.0, 50.0)
        # SMS of March: 2 delivered, 1 accepted, 1 failed, 1 queued; February: 1 delivered
        cls.sms = cls._craft_sms(
            [
                (at(2), "delivered", 0.05),
                (at(3), "delivered", 0.10),
                (at(4), "accepted", 0.05),
                (at(5), "failed", 0.0),
                (at(6), "queued", 0.0),
                (at((2, 8)), "delivered", 0.05),
            ]
        )

    @classmethod
    def _craft(cls, specs):
        requests = cls.env["dura.service.request"]
        for service, submitted, filed, done, deadline, state, active in specs:
            request = requests.create(
                {
                    "partner_id": cls.citizen_en.id,
                    "service_type_id": service.id,
                    "state": state,
                    "date_submitted": submitted,
                    "date_filed": filed,
                    "date_done": done,
                    "sla_deadline": deadline,
                    "active": active,
                }
            )
            requests |= request
        return requests

    @classmethod
    def _fee_invoice(cls, date, amount, paid, currency=None):
        request = cls.env["dura.service.request"].create(
            {"partner_id": cls.citizen_ar.id, "service_type_id": cls.service_engineering.id}
        )
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.citizen_ar.id,
                "invoice_date": date,
                "currency_id": (currency or cls.env.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.fee_engineering.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        request.with_context(dura_fee_invoicing=True).invoice_id = invoice
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": paid, "payment_date": date})._create_payments()
        return invoice

    @classmethod
    def _craft_sms(cls, specs):
        messages = cls.env["dura.sms.message"].create(
            [
                {"uuid": uuid.uuid4().hex, "number": "+970599123456", "state": state, "cost": cost}
                for _date, state, cost in specs
            ]
        )
        for message, (date, _state, _cost) in zip(messages, specs, strict=True):
            cls.env.cr.execute(
                SQL("UPDATE dura_sms_message SET create_date = %s WHERE id = %s", date, message.id)
            )
        messages.invalidate_recordset(["create_date"])
        return messages

    def _wizard(self, month=MARCH):
        return self.env["dura.service.center.report"].create(
            {"year": month[0], "month": str(month[1])}
        )


@tagged("post_install", "-at_install")
class TestMonthlyFigures(MonthlyReportData):
    def _expected(self, month):
        """The figures of `month`, computed here from the records, one by one."""

        def in_month(value):
            if not value:
                return False
            local = value + datetime.timedelta(hours=2)  # Hebron in winter: UTC+2
            return (local.year, local.month) == month

        requests = self.requests
        received = requests.filtered(lambda r: in_month(r.date_submitted))
        done = requests.filtered(lambda r: in_month(r.date_done))
        days = [(r.date_done - r.date_filed).total_seconds() / 86400 for r in done]
        on_time = [
            r
            for r in done
            if not r.sla_deadline
            or (r.date_done + datetime.timedelta(hours=2)).date() <= r.sla_deadline
        ]
        invoices = (self.invoice_march | self.invoice_february).filtered(
            lambda i: (i.invoice_date.year, i.invoice_date.month) == month
        )
        sms = self.sms.filtered(lambda m: in_month(m.create_date))
        currency = self.company.currency_id
        return {
            "received": len(received),
            "filed": len(requests.filtered(lambda r: in_month(r.date_filed))),
            "done": len(done),
            "rejected": len(received.filtered(lambda r: r.state == "rejected")),
            "on_hold": len(received.filtered(lambda r: r.state == "on_hold")),
            "median_days": statistics.median(days) if days else None,
            "p90_days": (
                statistics.quantiles(days, n=10, method="inclusive")[-1]
                if len(days) > 1
                else (days[0] if days else None)
            ),
            "sla_percent": round(100 * len(on_time) / len(done), 1) if done else None,
            # money in the currency invoiced or charged: here all in the company's
            "fees_invoiced": {currency: sum(invoices.mapped("amount_total"))},
            "fees_collected": {currency: sum(i.amount_total - i.amount_residual for i in invoices)},
            "sms_sent": len(sms.filtered(lambda m: m.state in ("accepted", "delivered"))),
            "sms_delivered": len(sms.filtered(lambda m: m.state == "delivered")),
            "sms_failed": len(sms.filtered(lambda m: m.state == "failed")),
            "sms_cost": {currency: sum(sms.mapped("cost"))},
        }

    def _assert_figures(self, actual, expected):
        for key, value in expected.items():
            if isinstance(value, float):
                self.assertAlmostEqual(actual[key], value, places=6, msg=key)
            elif isinstance(value, dict):
                self.assertEqual(set(actual[key]), set(value), key)
                for currency, amount in value.items():
                    self.assertAlmostEqual(actual[key][currency], amount, places=6, msg=key)
            else:
                self.assertEqual(actual[key], value, key)

    def test_figures_equal_independent_computation(self):
        figures = self._wizard()._get_figures()
        self._assert_figures(figures["current"], self._expected(MARCH))
        self._assert_figures(figures["previous"], self._expected(FEBRUARY))
        # and the crafted values themselves, spelled out
        march = figures["current"]
        self.assertEqual(
            [march[k] for k in ("received", "filed", "done", "rejected", "on_hold")],
            [5, 5, 4, 1, 1],
        )
        currency = self.company.currency_id
        self.assertEqual(march["fees_invoiced"], {currency: 50.0})
        self.assertEqual(march["fees_collected"], {currency: 30.0})
        self.assertEqual(
            [march["sms_sent"], march["sms_delivered"], march["sms_failed"]], [3, 2, 1]
        )
        self.assertAlmostEqual(march["sms_cost"][currency], 0.2)
        self.assertEqual(march["sla_percent"], 50.0)  # the 2nd and the Feb. one are late

    def test_director_prints_without_sms_rights(self):
        wizard = self._wizard().with_user(self.user_director)
        self.assertFalse(self.user_director.has_group("dura_sms_gateway.group_sms_user"))
        self.assertEqual(wizard._get_figures()["current"]["sms_sent"], 3)
        action = wizard.action_print()
        self.assertEqual(
            action["report_name"], "dura_municipal_requests.report_service_center_monthly"
        )

    def test_money_in_the_currency_invoiced_and_charged(self):
        """A fee invoiced in another currency and SMS charged by a provider in another
        currency are shown in that currency, beside the company's, never converted."""
        other = self.env.ref("base.EUR" if self.company.currency_id.name != "EUR" else "base.USD")
        other.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other.id,
                "name": "2025-01-01",
                "rate": 4.0,
                "company_id": self.company.id,
            }
        )
        invoice = self._fee_invoice(datetime.date(2025, 3, 22), 20.0, 5.0, currency=other)
        self.assertEqual(invoice.currency_id, other)
        self.assertNotAlmostEqual(invoice.amount_total_signed, 20.0)  # Odoo's conversion
        provider = self.env["dura.sms.provider"].create(
            {"name": "Priced elsewhere", "kind": "sandbox", "currency_id": other.id}
        )
        message = self._craft_sms([(at(7), "delivered", 0.30)])
        message.provider_id = provider
        march = self._wizard()._get_figures()["current"]
        company = self.company.currency_id
        self.assertEqual(
            list(march["fees_invoiced"]), sorted((company, other), key=lambda c: c.name)
        )
        self.assertAlmostEqual(march["fees_invoiced"][company], 50.0)
        self.assertAlmostEqual(march["fees_invoiced"][other], 20.0)
        self.assertAlmostEqual(march["fees_collected"][other], 5.0)
        self.assertAlmostEqual(march["sms_cost"][company], 0.2)
        self.assertAlmostEqual(march["sms_cost"][other], 0.3)
        # a month without money: zero in the company's currency
        self.assertEqual(
            self._wizard(FEBRUARY)._get_figures()["previous"]["sms_cost"], {company: 0.0}
        )

    def test_breakdown_by_department_and_service(self):
        figures = self._wizard()._get_figures()
        rows = {(row["department"], row["service"]): row for row in figures["rows"]}
        survey = rows[(self.department_engineering, self.service_survey)]
        nobody_rated = {"rated": 0, "rating_sum": 0, "not_solved": 0, "rating": None}
        self.assertEqual(
            survey["current"],
            {"received": 3, "filed": 3, "done": 1, "rejected": 1, "on_hold": 1, **nobody_rated},
        )
        self.assertEqual(
            survey["previous"],
            {"received": 1, "filed": 1, "done": 0, "rejected": 0, "on_hold": 0, **nobody_rated},
        )
        complaint = rows[(self.department_water, self.service_complaint)]
        self.assertEqual(complaint["current"]["done"], 3)
        self.assertEqual(complaint["previous"]["received"], 2)

    def test_query_count_does_not_grow_with_volume(self):
        wizard = self._wizard()
        wizard._get_figures()
        self.env.invalidate_all()
        # 13: one more than before money was kept per currency (the invoices' currencies),
        # and one for the citizens' ratings
        with self.assertQueryCount(13):
            wizard._get_figures()
        # three times the requests, more invoices and SMS: the same number of queries
        self._craft(self.specs * 3)
        self._fee_invoice(datetime.date(2025, 3, 21), 50.0, 10.0)
        self._craft_sms([(at(9), "delivered", 0.05)] * 20)
        self.env.invalidate_all()
        with self.assertQueryCount(13):
            wizard._get_figures()


@tagged("post_install", "-at_install")
class TestMonthlyReportPdf(HttpCase, MonthlyReportData):
    def _render(self, lang, name):
        # an archived document: its text is searchable and in place (no word off its page
        # or over another)
        return assert_clean_pdf(self, render_pdf(self, REPORT, self._wizard().ids, name, lang=lang))

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_monthly_report_pdf_english(self):
        text = self._render("en_US", "monthly_en")
        for label in (
            "Monthly Service Center Report",
            "March 2025",
            "February 2025",
            "Requests received",
            "90th percentile processing time (days)",
            "Site survey",
            "Engineering",
            "50.0 %",
            "50.00",  # the fees of March, in the company's currency and with its symbol
            self.company.currency_id.symbol,
        ):
            self.assertIn(label, text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_monthly_report_pdf_arabic(self):
        text = self._render("ar_001", "monthly_ar")
        for label in (
            "تقرير مركز الخدمات الشهري",
            "مارس 2025",
            "الطلبات المستلمة",
            "المئين التسعون لمدة المعالجة",
            "50.0 %",
        ):
            self.assertIn(label, text)
        self.assertNotIn("Requests received", text)
