from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.dura_utility_reading import PERIOD_RE


class DuraUtilityBillingReportWizard(models.TransientModel):
    """Billed, collected and arrears of one billing period, per utility and quarter (PDF)."""

    _name = "dura.utility.billing.report.wizard"
    _description = "Utility Billing Report"

    @api.model
    def _default_period(self):
        return (fields.Date.context_today(self) - relativedelta(months=1)).strftime("%Y-%m")

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    period = fields.Char(required=True, default=_default_period, help="Billed period, YYYY-MM.")

    @api.constrains("period")
    def _check_period(self):
        for wizard in self:
            if not PERIOD_RE.match(wizard.period or ""):
                raise ValidationError(
                    self.env._("The period %s must be written YYYY-MM.", wizard.period)
                )

    def action_print(self):
        self.ensure_one()
        return self.env.ref("dura_utility_billing.action_report_utility_billing").report_action(
            self
        )

    def _get_figures(self):
        """Rows per utility and quarter: bills, consumption, billed, collected and due of the
        period, and the arrears left from earlier periods; then a total per utility.
        Two grouped reads whatever the number of bills."""
        self.ensure_one()
        Report = self.env["dura.utility.billing.report"]
        company = [("company_id", "=", self.company_id.id)]
        empty = {
            "bills": 0,
            "consumption": 0.0,
            "billed": 0.0,
            "collected": 0.0,
            "due": 0.0,
            "arrears": 0.0,
        }
        rows = {}
        for utility, quarter, bills, consumption, billed, collected, due in Report._read_group(
            company + [("period", "=", self.period)],
            ["utility", "quarter"],
            [
                "__count",
                "consumption:sum",
                "amount_billed:sum",
                "amount_collected:sum",
                "amount_due:sum",
            ],
        ):
            rows[(utility, quarter or "")] = dict(
                empty,
                bills=bills,
                consumption=consumption,
                billed=billed,
                collected=collected,
                due=due,
            )
        for utility, quarter, arrears in Report._read_group(
            company + [("period", "<", self.period), ("amount_due", "!=", 0)],
            ["utility", "quarter"],
            ["amount_due:sum"],
        ):
            rows.setdefault((utility, quarter or ""), dict(empty))["arrears"] = arrears
        labels = dict(Report._fields["utility"]._description_selection(self.env))
        utilities = []
        for utility in sorted({key[0] for key in rows}):
            quarters = [
                dict(values, quarter=quarter)
                for (row_utility, quarter), values in sorted(rows.items())
                if row_utility == utility
            ]
            total = {key: sum(row[key] for row in quarters) for key in empty}
            utilities.append(
                {"utility": labels.get(utility, utility), "quarters": quarters, "total": total}
            )
        return utilities
