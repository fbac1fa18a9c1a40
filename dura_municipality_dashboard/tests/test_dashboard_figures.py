import base64
import datetime
import json
import uuid

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dura_municipal_requests.tests.common import DuraRequestCommon
from odoo.addons.dura_municipal_requests.tools import monthly_figures


@tagged("post_install", "-at_install")
class TestDashboardFigures(DuraRequestCommon):
    """The figures models read what happened, counted the way the dashboard shows it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["dura.municipal.department"].create(
            {
                "name": "Figures",
                "code": "T-FIG",
                "default_user_id": cls.user_water.id,
                "member_ids": [Command.set(cls.user_water.ids)],
            }
        )
        cls.service = cls.env["dura.service.type"].create(
            {"name": "Figures", "code": "T-FIG", "department_id": cls.department.id, "sla_days": 2}
        )
        cls.Requests = cls.env["dura.dashboard.request.report"]

    def _request(self, submitted, filed, done=None, deadline=None):
        """A free request of the figures department, with its dates (UTC) set as given."""
        request = self._new_request(self.citizen_en, self.service)
        request.with_user(self.user_center).action_submit()
        if done:
            request.with_user(self.user_water).action_start()
            request.with_user(self.user_water).action_done()
        request.sudo().write(
            {
                "date_submitted": submitted,
                "date_filed": filed,
                "date_done": done,
                "sla_deadline": deadline or fields.Date.to_date(filed),
            }
        )
        return request

    def _figures(self, groupby, aggregates=("__count",)):
        self.env.flush_all()
        return self.Requests._read_group(
            [("department_id", "=", self.department.id)], groupby, list(aggregates)
        )

    def test_request_events_and_median(self):
        day = datetime.datetime
        # processing days 1, 2, 3 and 10: the median is 2.5, the mean 4
        for offset, days in enumerate((1, 2, 3, 10)):
            filed = day(2026, 3, 2 + offset, 8, 0)
            self._request(filed, filed, filed + datetime.timedelta(days=days))
        # one still open past its deadline, submitted late on 31 March (UTC): 1 April in Dura
        late = self._request(
            day(2026, 3, 31, 22, 30), day(2026, 3, 31, 22, 30), deadline=datetime.date(2026, 4, 2)
        )
        counts = dict(self._figures(["event"]))
        self.assertEqual(counts, {"received": 5, "filed": 5, "done": 4, "overdue": 1})
        # overdue as the requests' own Overdue filter says
        self.assertEqual(
            self.env["dura.service.request"].search(
                [("department_id", "=", self.department.id), ("is_overdue", "=", True)]
            ),
            late,
        )
        ((median,),) = self._figures([], ["processing_days:median"])
        self.assertAlmostEqual(median, 2.5)
        self.assertAlmostEqual(median, monthly_figures.median([1, 2, 3, 10]))
        ((mean,),) = self._figures([], ["processing_days:avg"])
        self.assertAlmostEqual(mean, 4.0)
        # by month, in the municipality's time zone
        received = {
            (month.month, event): count
            for month, event, count in self._figures(["date:month", "event"])
        }
        self.assertEqual(received[(3, "received")], 4)
        self.assertEqual(received[(4, "received")], 1)
        self.assertEqual(received[(4, "overdue")], 1)
        # the web client's read_group (pivots ask for the field's own aggregate: the median)
        groups = self.Requests.read_group(
            [("department_id", "=", self.department.id), ("event", "=", "done")],
            ["processing_days"],
            ["department_id"],
        )
        self.assertAlmostEqual(groups[0]["processing_days"], 2.5)
        # completed: not overdue any more
        late.with_user(self.user_water).action_start()
        late.with_user(self.user_water).action_done()
        self.assertNotIn("overdue", dict(self._figures(["event"])))

    def test_revenue(self):
        Revenue = self.env["dura.dashboard.revenue.report"]
        paid = self._new_request(self.citizen_en, self.service_engineering)
        paid.with_user(self.user_center).action_submit()
        self._pay(paid.invoice_id, amount=20.0)  # 20 of 50
        unpaid = self._new_request(self.citizen_ar, self.service_water)
        unpaid.with_user(self.user_center).action_submit()
        unpaid.invoice_id.sudo().invoice_date_due = fields.Date.today() - datetime.timedelta(days=1)
        self.env.flush_all()
        rows = {
            row.move_id: row
            for row in Revenue.search([("move_id", "in", (paid + unpaid).invoice_id.ids)])
        }
        self.assertEqual(len(rows), 2)
        fee = rows[paid.invoice_id]
        self.assertEqual(
            (fee.kind, fee.department_id, fee.service_type_id),
            ("fee", paid.department_id, self.service_engineering),
        )
        self.assertEqual((fee.amount_billed, fee.amount_collected, fee.amount_due), (50, 20, 30))
        self.assertEqual(fee.amount_arrears, 0)  # not due yet
        self.assertEqual(rows[unpaid.invoice_id].amount_arrears, 200)
        # in the currency invoiced, which is the company's: added up on the dashboard
        self.assertEqual(fee.currency_id, paid.invoice_id.currency_id)
        self.assertTrue(fee.company_currency)
        # invoiced in dollars: counted in dollars, apart from the shekels' totals
        usd = self.env.ref("base.USD")
        usd.active = True
        dollars = self._new_request(self.citizen_en, self.service_engineering)
        dollars.with_user(self.user_center).action_submit()
        dollars.invoice_id.button_draft()
        dollars.invoice_id.write({"currency_id": usd.id})
        dollars.invoice_id.action_post()
        self.env.flush_all()
        row = Revenue.search([("move_id", "=", dollars.invoice_id.id)])
        self.assertEqual((row.currency_id, row.amount_billed), (usd, 50))
        self.assertFalse(row.company_currency)
        shekels = Revenue._read_group(
            [("kind", "=", "fee"), ("company_currency", "=", True)], [], ["move_id:recordset"]
        )[0][0]
        self.assertNotIn(dollars.invoice_id, shekels)
        self.assertIn(paid.invoice_id, shekels)
        # a fee refunded by a credit note is not billed any more
        unpaid.invoice_id._reverse_moves(cancel=True)
        self.env.flush_all()
        self.assertFalse(Revenue.search([("move_id", "=", unpaid.invoice_id.id)]))
        # the demo's utility bills, to the shekel
        bills = self.env["dura.utility.bill"].search([])
        posted = bills.move_id.filtered(lambda move: move.state == "posted")
        utility = Revenue.search([("kind", "=", "utility")])
        self.assertEqual(utility.move_id, posted)
        self.assertAlmostEqual(
            sum(utility.mapped("amount_billed")), sum(posted.mapped("amount_total_signed"))
        )
        self.assertEqual(set(utility.mapped("quarter")), set(bills.mapped("quarter")))

    def test_sms_figures(self):
        Messages = self.env["dura.sms.message"].sudo()
        states = ["delivered", "accepted", "failed", "queued", "to_approve", "canceled"]
        Messages.create(
            [
                {
                    "uuid": uuid.uuid4().hex,
                    "number": "+970599000111",
                    "body": "سري",
                    "state": state,
                    "segments": 2,
                    "cost": 0.15,
                    "kind": "transactional",
                }
                for state in states
            ]
        )
        self.env.flush_all()
        report = self.env["dura.dashboard.sms.report"]
        outcomes = dict(report._read_group([], ["outcome"], ["__count"]))
        self.assertEqual(outcomes, {"sent": 2, "failed": 1, "waiting": 2, "canceled": 1})
        ((cost, company_cost, segments),) = report._read_group(
            [], [], ["cost:sum", "cost_company_currency:sum", "segments:sum"]
        )
        self.assertAlmostEqual(cost, 0.9)
        self.assertAlmostEqual(company_cost, 0.9)  # no provider: the company's currency
        self.assertEqual(segments, 12)
        # figures only: what the messages said and to whom stays in the audit log
        self.assertFalse({"body", "number", "partner_id", "res_id"} & set(report._fields))
        self.assertEqual(report.search([], limit=1).date, fields.Date.context_today(report))

    def test_citizen_ratings_as_the_dashboard_reads_them(self):
        """The ratings tables read the requests answered in the period: the average of the
        ratings 1-5 only, the answers 0 (not solved) counted apart."""
        dashboard = self.env.ref("dura_municipality_dashboard.spreadsheet_dashboard_municipality")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        pivot = data["pivots"]["8"]
        answered = fields.Datetime.now()
        for state, rating in (("rated", 5), ("rated", 2), ("unsolved", 0), ("reopened", 0)):
            request = self._request(answered, answered, answered)
            request.sudo().write(
                {"feedback_state": state, "feedback_rating": rating, "feedback_date": answered}
            )
        self._request(answered, answered, answered).sudo().feedback_state = "asked"
        self.env.flush_all()
        director = self.env.ref("dura_municipal_requests.user_director")
        groups = (
            self.env[pivot["model"]]
            .with_user(director)
            ._read_group(
                pivot["domain"] + [["department_id", "=", self.department.id]],
                ["feedback_state"],
                ["__count", "feedback_rating:avg"],
            )
        )
        self.assertEqual(
            {state: (count, avg) for state, count, avg in groups},
            {"rated": (2, 3.5), "unsolved": (1, 0.0), "reopened": (1, 0.0)},
        )
