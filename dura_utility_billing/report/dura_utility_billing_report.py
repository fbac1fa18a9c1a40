from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.dura_utility_tariff import UTILITIES


class DuraUtilityBillingReport(models.Model):
    """Billed vs collected per utility, quarter and period, read from the posted bills.

    Amounts are in the currency each bill was issued in (the tariff's, e.g. the shekel), as
    the citizen owes them: never Odoo's company-currency ``*_signed`` columns, which convert
    a shekel bill at the day's rate when the company keeps its books in another currency.
    Figures of different currencies are never added up: group by ``currency_id``."""

    _name = "dura.utility.billing.report"
    _description = "Utility Billing Analysis"
    _auto = False
    _order = "period desc"
    _depends = {
        "account.move": [
            "amount_total_in_currency_signed",
            "amount_residual",
            "currency_id",
            "move_type",
            "partner_id",
            "state",
        ],
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
                           move.currency_id,
                           bill.consumption,
                           move.amount_total_in_currency_signed AS amount_billed,
                           move.amount_total_in_currency_signed - due.amount AS amount_collected,
                           due.amount AS amount_due
                      FROM dura_utility_bill bill
                      JOIN account_move move ON move.id = bill.move_id
                      -- what is left to pay, in the bill's currency and with its sign
                      CROSS JOIN LATERAL (
                          SELECT CASE WHEN move.move_type = 'out_refund'
                                      THEN -move.amount_residual
                                      ELSE move.amount_residual END AS amount
                      ) due
                     WHERE move.state = 'posted'
                )""",
                SQL.identifier(self._table),
            )
        )
