import datetime
from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.tools.misc import format_date

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

from ..tools import monthly_figures

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
# request figures, in the order of the report's columns
REQUEST_KEYS = ("received", "filed", "done", "rejected", "on_hold")
# the citizens' answers to the rating SMS, counted in the month of the answer
FEEDBACK_KEYS = ("rated", "rating_sum", "not_solved")


class DuraServiceCenterReport(models.TransientModel):
    """The director's monthly report: pick the month, print the PDF."""

    _name = "dura.service.center.report"
    _description = "Monthly Service Center Report"

    @api.model
    def _default_period(self):
        """A day of the month the report opens on: the last complete month when it has
        requests (the usual monthly review), else the latest month up to now that has any
        (e.g. the current month of a new database), else the last complete month."""
        today = fields.Date.context_today(self)
        last_month = today.replace(day=1) - datetime.timedelta(days=1)
        Request = self.env["dura.service.request"].with_context(active_test=False)
        company = [("company_id", "=", self.env.company.id)]
        start = self._utc(last_month.replace(day=1))
        until = self._utc(today.replace(day=1))
        if Request.search_count(
            company + [("date_submitted", ">=", start), ("date_submitted", "<", until)], limit=1
        ):
            return last_month
        latest = Request.search_fetch(
            company
            + [
                ("date_submitted", "!=", False),
                ("date_submitted", "<", self._utc(today + datetime.timedelta(days=1))),
            ],
            ["date_submitted"],
            order="date_submitted desc",
            limit=1,
        )
        if latest:
            return fields.Datetime.context_timestamp(
                latest.with_context(tz=self._tz()), latest.date_submitted
            ).date()
        return last_month

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    month = fields.Selection(
        MONTHS, required=True, default=lambda self: str(self._default_period().month)
    )
    year = fields.Integer(required=True, default=lambda self: self._default_period().year)

    _sql_constraints = [
        ("year_check", "CHECK(year BETWEEN 2000 AND 2100)", "Enter a year such as 2026."),
    ]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_print(self):
        self.ensure_one()
        action = self.env.ref(
            "dura_municipal_requests.action_report_service_center_monthly"
        ).report_action(self)
        if action.get("type") == "ir.actions.report":
            # the PDF is downloaded: close the wizard rather than leave it open behind
            action["close_on_report_download"] = True
        return action

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def _tz(self):
        return self.env.context.get("tz") or self.env.user.tz or DEFAULT_TZ

    def _utc(self, day):
        """Local midnight of `day` as a naive UTC datetime, for datetime domains."""
        local = pytz.timezone(self._tz()).localize(datetime.datetime.combine(day, datetime.time()))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _local_month(self, value):
        """(year, month) of a naive UTC datetime in the report's time zone."""
        local = pytz.utc.localize(value).astimezone(pytz.timezone(self._tz()))
        return local.year, local.month

    def _by_currency(self, amounts):
        """{currency: amount} in the order of the currency codes, never empty: a month with
        no money shows zero in the company's currency."""
        if not amounts:
            return {self.company_id.currency_id: 0.0}
        return dict(sorted(amounts.items(), key=lambda item: item[0].name))

    @staticmethod
    def _with_rating(figures):
        return dict(
            figures,
            rating=monthly_figures.average_rating(figures["rating_sum"], figures["rated"]),
        )

    def _get_figures(self):
        """Every figure of the report for the chosen month and the previous one.

        A fixed number of queries whatever the volume: grouped reads for counts and sums, one
        read of the completed requests' dates for the percentiles (computed in Python).
        Returns {"months": [current, previous], "current"/"previous": {figure: value},
        "rows": [{"department", "service", "current": {...}, "previous": {...}}]}; the money
        figures (fees, SMS cost) are {currency: amount}, in the currency invoiced or charged.
        """
        self.ensure_one()
        start, end, previous = monthly_figures.month_bounds(self.year, int(self.month))
        keys = [(start.year, start.month), (previous.year, previous.month)]
        tz = self._tz()
        Request = self.env["dura.service.request"].with_context(tz=tz, active_test=False)
        company = [("company_id", "=", self.company_id.id)]
        since, until = self._utc(previous), self._utc(end)

        totals = {key: dict.fromkeys(REQUEST_KEYS + FEEDBACK_KEYS, 0) for key in keys}
        rows = {}

        def add(key, department, service, figure, count):
            totals[key][figure] += count
            row = rows.setdefault(
                (department, service),
                {key: dict.fromkeys(REQUEST_KEYS + FEEDBACK_KEYS, 0) for key in keys},
            )
            row[key][figure] += count

        def month_key(value):
            return (value.year, value.month)

        # received in the month, and of those the ones rejected or on hold now
        for month, department, service, state, count in Request._read_group(
            company + [("date_submitted", ">=", since), ("date_submitted", "<", until)],
            ["date_submitted:month", "department_id", "service_type_id", "state"],
            ["__count"],
        ):
            add(month_key(month), department, service, "received", count)
            if state in ("rejected", "on_hold"):
                add(month_key(month), department, service, state, count)
        for figure, date_field in (("filed", "date_filed"), ("done", "date_done")):
            for month, department, service, count in Request._read_group(
                company + [(date_field, ">=", since), (date_field, "<", until)],
                [f"{date_field}:month", "department_id", "service_type_id"],
                ["__count"],
            ):
                add(month_key(month), department, service, figure, count)

        # the citizens' ratings (1-5) and their "not solved" answers (0), in the answer's month
        for month, department, service, state, count, rating_sum in Request._read_group(
            company
            + [
                ("feedback_date", ">=", since),
                ("feedback_date", "<", until),
                ("feedback_state", "in", ("rated", "unsolved", "reopened")),
            ],
            ["feedback_date:month", "department_id", "service_type_id", "feedback_state"],
            ["__count", "feedback_rating:sum"],
        ):
            if state == "rated":
                add(month_key(month), department, service, "rated", count)
                add(month_key(month), department, service, "rating_sum", rating_sum)
            else:
                add(month_key(month), department, service, "not_solved", count)

        # processing time and SLA of the requests completed in the month
        days = {key: [] for key in keys}
        sla = {key: [] for key in keys}
        for request in Request.search_fetch(
            company
            + [
                ("date_done", ">=", since),
                ("date_done", "<", until),
                ("date_filed", "!=", False),
            ],
            ["date_filed", "date_done", "sla_deadline"],
        ):
            key = self._local_month(request.date_done)
            days[key].append(monthly_figures.processing_days(request.date_filed, request.date_done))
            local_done = fields.Datetime.context_timestamp(
                request.with_context(tz=tz), request.date_done
            ).date()
            sla[key].append((local_done, request.sla_deadline))

        # fees: the requests' invoices dated in the month, and what has been paid of them, in
        # the currency invoiced (never Odoo's conversion to the company currency)
        fees_invoiced = {key: defaultdict(float) for key in keys}
        fees_collected = {key: defaultdict(float) for key in keys}
        for month, currency, total, residual in self.env["account.move"]._read_group(
            company
            + [
                ("dura_request_ids", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_date", ">=", previous),
                ("invoice_date", "<", end),
            ],
            ["invoice_date:month", "currency_id"],
            ["amount_total_in_currency_signed:sum", "amount_residual:sum"],
        ):
            fees_invoiced[month_key(month)][currency] += total
            fees_collected[month_key(month)][currency] += total - residual

        # SMS created in the month, by outcome; counts and costs only, for a director who may
        # not read the SMS audit log itself
        # SMS costs are in each provider's currency
        sms = {key: {"sent": 0, "delivered": 0, "failed": 0} for key in keys}
        sms_cost = {key: defaultdict(float) for key in keys}
        for month, state, provider, count, cost in (
            self.env["dura.sms.message"]
            .sudo()
            .with_context(tz=tz)
            ._read_group(
                company + [("create_date", ">=", since), ("create_date", "<", until)],
                ["create_date:month", "state", "provider_id"],
                ["__count", "cost:sum"],
            )
        ):
            figures = sms[month_key(month)]
            if cost:
                currency = provider.currency_id or self.company_id.currency_id
                sms_cost[month_key(month)][currency] += cost
            if state in ("accepted", "delivered"):
                figures["sent"] += count
            if state in ("delivered", "failed"):
                figures[state] += count

        summary = {}
        for name, key in zip(("current", "previous"), keys, strict=True):
            summary[name] = dict(
                totals[key],
                median_days=monthly_figures.median(days[key]),
                p90_days=monthly_figures.percentile(days[key], 90),
                sla_percent=monthly_figures.sla_compliance(sla[key]),
                fees_invoiced=self._by_currency(fees_invoiced[key]),
                fees_collected=self._by_currency(fees_collected[key]),
                sms_sent=sms[key]["sent"],
                sms_delivered=sms[key]["delivered"],
                sms_failed=sms[key]["failed"],
                sms_cost=self._by_currency(sms_cost[key]),
                rating=monthly_figures.average_rating(
                    totals[key]["rating_sum"], totals[key]["rated"]
                ),
            )
        return {
            "months": [
                format_date(self.env, day, date_format="MMMM y") for day in (start, previous)
            ],
            **summary,
            "rows": [
                {
                    "department": department,
                    "service": service,
                    "current": self._with_rating(values[keys[0]]),
                    "previous": self._with_rating(values[keys[1]]),
                }
                for (department, service), values in sorted(
                    rows.items(),
                    key=lambda item: (item[0][0].display_name or "", item[0][1].display_name),
                )
            ],
        }
