from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.dura_utility_tariff import UTILITIES


class DuraUtilityBillingReport(models.Model):
    """Billed vs collected per utility, quarter and period, read from the posted bills."""

    _name = "dura.utility.billing.report"
    _description = "Utility Billing Analysis"
    _auto = False
    _order = "period desc"
    _depends = {  # noqa: RUF012 - Odoo reads it as a dict
        "account.move": ["amount_total_signed", "amount_residual_signed", "partner_id", "state"],
        "dura.utility.bill": [
            "subscription_id",
            "run_id",
            "move_id",
            "utility",
            "quarter",
            "period",
            "company_id",
            "consumption",
        ],
        "res.company": ["currency_id"],
    }

    bill_id = fields.Many2one("dura.utility.bill", readonly=True)
    subscription_id = fields.Many2one("dura.utility.subscription", readonly=True)
    partner_id = fields.Many2one("res.partner", "Citizen", readonly=True)
    run_id = fields.Many2one("dura.utility.billing.run", readonly=True)
    move_id = fields.Many2one("account.move", "Invoice", readonly=True)
    utility = fields.Selection(UTILITIES, readonly=True)
    quarter = fields.Char(readonly=True)
    period = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    consumption = fields.Float(readonly=True, digits=(16, 3), aggregator="sum")
    amount_billed = fields.Monetary("Billed", readonly=True, aggregator="sum")
    amount_collected = fields.Monetary("Collected", readonly=True, aggregator="sum")
    amount_due = fields.Monetary("Due", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    SELECT bill.id,
                           bill.id AS bill_id,
                           bill.subscription_id,
                           move.partner_id,
                           bill.run_id,
                           bill.move_id,
                           bill.utility,
                           bill.quarter,
                           bill.period,
                           bill.company_id,
                           company.currency_id,
                           bill.consumption,
                           move.amount_total_signed AS amount_billed,
                           move.amount_total_signed - move.amount_residual_signed
                               AS amount_collected,
                           move.amount_residual_signed AS amount_due
                      FROM dura_utility_bill bill
                      JOIN account_move move ON move.id = bill.move_id
                      JOIN res_company company ON company.id = bill.company_id
                     WHERE move.state = 'posted'
                )""",
                SQL.identifier(self._table),
            )
        )
