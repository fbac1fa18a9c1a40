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
        period, and the arrears left from earlier periods; then a total per utility. Amounts
        are in the currency billed: a utility billed in two currencies gets one table per
        currency (``currency``; ``title`` then names it), never a sum of different money.
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
        for (
            utility,
            currency,
            quarter,
            bills,
            consumption,
            billed,
            collected,
            due,
        ) in Report._read_group(
            company + [("period", "=", self.period)],
            ["utility", "currency_id", "quarter"],
            [
                "__count",
                "consumption:sum",
                "amount_billed:sum",
                "amount_collected:sum",
                "amount_due:sum",
            ],
        ):
            rows[(utility, currency, quarter or "")] = dict(
                empty,
                bills=bills,
                consumption=consumption,
                billed=billed,
                collected=collected,
                due=due,
            )
        for utility, currency, quarter, arrears in Report._read_group(
            company + [("period", "<", self.period), ("amount_due", "!=", 0)],
            ["utility", "currency_id", "quarter"],
            ["amount_due:sum"],
        ):
            rows.setdefault((utility, currency, quarter or ""), dict(empty))["arrears"] = arrears
        labels = dict(Report._fields["utility"]._description_selection(self.env))
        tables = sorted({key[:2] for key in rows}, key=lambda k: (k[0], k[1].name))
        utilities = []
        for utility, currency in tables:
            quarters = [
                dict(values, quarter=quarter)
                for (row_utility, row_currency, quarter), values in sorted(
                    rows.items(), key=lambda item: item[0][2]
                )
                if (row_utility, row_currency) == (utility, currency)
            ]
            total = {key: sum(row[key] for row in quarters) for key in empty}
            label = labels.get(utility, utility)
            several = sum(1 for table in tables if table[0] == utility) > 1
            utilities.append(
                {
                    "utility": label,
                    "title": f"{label} ({currency.name})" if several else label,
                    "currency": currency,
                    "quarters": quarters,
                    "total": total,
                }
            )
        return utilities
