from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.dura_utility_billing.models.dura_utility_tariff import UTILITIES

KINDS = [("fee", "Service Fee"), ("utility", "Utility Bill")]


class DuraDashboardRevenueReport(models.Model):
    """The municipality's posted invoices to citizens -- service fees and utility bills -- with
    what was billed, collected and is still due, in the currency invoiced (never Odoo's
    conversion to the company's currency). Arrears are what is still due after the due date. A
    credit note that cancels an invoice takes it out."""

    _name = "dura.dashboard.revenue.report"
    _description = "Fees and Utility Revenue"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "account.move": [
            "company_id",
            "partner_id",
            "state",
            "payment_state",
            "invoice_date",
            "invoice_date_due",
            "currency_id",
            "amount_total_in_currency_signed",
            "amount_residual",
        ],
        "dura.utility.bill": ["move_id", "utility", "quarter", "period"],
        "dura.service.request": ["invoice_id", "department_id", "service_type_id"],
        "res.company": ["currency_id"],
    }

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_currency = fields.Boolean(
        "In the Company's Currency",
        readonly=True,
        help="Invoiced in the company's currency: the dashboard adds these up; the others are "
        "counted apart, never converted.",
    )
    partner_id = fields.Many2one("res.partner", string="Citizen", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    utility = fields.Selection(UTILITIES, readonly=True)
    quarter = fields.Char(readonly=True, help="Quarter or neighbourhood of the meter.")
    period = fields.Char(string="Billing Period", readonly=True)
    department_id = fields.Many2one("dura.municipal.department", readonly=True)
    service_type_id = fields.Many2one("dura.service.type", string="Service", readonly=True)
    date = fields.Date(string="Invoice Date", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    amount_billed = fields.Monetary("Billed", readonly=True, aggregator="sum")
    amount_collected = fields.Monetary("Collected", readonly=True, aggregator="sum")
    amount_due = fields.Monetary("Due", readonly=True, aggregator="sum")
    amount_arrears = fields.Monetary(
        "Arrears", readonly=True, aggregator="sum", help="Still due after the due date."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(view)s AS (
                    WITH source AS (
                        (SELECT DISTINCT ON (bill.move_id)
                                bill.move_id, 'utility' AS kind, bill.utility, bill.quarter,
                                bill.period, NULL::integer AS department_id,
                                NULL::integer AS service_type_id
                           FROM dura_utility_bill bill
                       ORDER BY bill.move_id, bill.id)
                        UNION ALL
                        SELECT request.invoice_id, 'fee', NULL, NULL, NULL,
                               request.department_id, request.service_type_id
                          FROM dura_service_request request
                         WHERE request.invoice_id IS NOT NULL
                    )
                    SELECT move.id,
                           move.id AS move_id,
                           move.company_id,
                           move.currency_id,
                           move.currency_id = company.currency_id AS company_currency,
                           move.partner_id,
                           source.kind,
                           source.utility,
                           source.quarter,
                           source.period,
                           source.department_id,
                           source.service_type_id,
                           move.invoice_date AS date,
                           move.invoice_date_due AS date_due,
                           move.amount_total_in_currency_signed AS amount_billed,
                           move.amount_total_in_currency_signed - move.amount_residual
                               AS amount_collected,
                           move.amount_residual AS amount_due,
                           CASE WHEN move.invoice_date_due < CURRENT_DATE
                                THEN move.amount_residual ELSE 0 END AS amount_arrears
                      FROM source
                      JOIN account_move move ON move.id = source.move_id
                      JOIN res_company company ON company.id = move.company_id
                     WHERE move.state = 'posted'
                       AND move.payment_state IS DISTINCT FROM 'reversed'
                )""",
                view=SQL.identifier(self._table),
            )
        )
