from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.dura_utility_tariff import UTILITIES

# Days past the due date, as of today, of each aging bucket: a document due today is not due
# yet (the citizen can still pay in time); "0-30" is 1 to 30 days late.
AGING = [
    ("not_due", "Not Due"),
    ("0_30", "0-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]


class DuraUtilityArrearsReport(models.Model):
    """Aged arrears: the open residual of every posted customer document of a subscription
    (bills, top-up sales, opening balances; credit notes not yet applied count negative), by
    days past its due date as of today, per utility and quarter.

    Amounts are in the document's currency (never Odoo's company-currency ``*_signed``
    columns, see dura.utility.billing.report): group by ``currency_id`` before adding up.
    A partial payment leaves its remainder in the bucket of the document's due date; a credit
    note reconciled with a bill lowers that bill's residual."""

    _name = "dura.utility.arrears.report"
    _description = "Utility Aged Arrears"
    _auto = False
    _order = "days_overdue desc, id"
    _rec_name = "move_id"
    _depends = {
        "account.move": [
            "amount_residual",
            "currency_id",
            "dura_collection_hold",
            "dura_subscription_id",
            "invoice_date_due",
            "move_type",
            "state",
            "company_id",
        ],
        "dura.utility.subscription": ["partner_id", "utility", "quarter"],
    }

    move_id = fields.Many2one("account.move", "Document", readonly=True)
    subscription_id = fields.Many2one("dura.utility.subscription", readonly=True)
    partner_id = fields.Many2one("res.partner", "Citizen", readonly=True)
    utility = fields.Selection(UTILITIES, readonly=True)
    quarter = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], "Type", readonly=True
    )
    collection_hold = fields.Selection(
        [
            ("plan", "In a Payment Plan"),
            ("dispute", "Disputed"),
            ("correction", "Under Correction"),
        ],
        readonly=True,
    )
    date_due = fields.Date("Due Date", readonly=True)
    days_overdue = fields.Integer(
        "Days Past Due", readonly=True, aggregator="max", help="As of today; negative: not due."
    )
    aging = fields.Selection(AGING, readonly=True)
    amount_residual = fields.Monetary("Open Amount", readonly=True, aggregator="sum")
    amount_not_due = fields.Monetary("Not Due", readonly=True, aggregator="sum")
    amount_0_30 = fields.Monetary("0-30 Days", readonly=True, aggregator="sum")
    amount_31_60 = fields.Monetary("31-60 Days", readonly=True, aggregator="sum")
    amount_61_90 = fields.Monetary("61-90 Days", readonly=True, aggregator="sum")
    amount_over_90 = fields.Monetary("Over 90 Days", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    SELECT move.id,
                           move.id AS move_id,
                           move.dura_subscription_id AS subscription_id,
                           sub.partner_id,
                           sub.utility,
                           sub.quarter,
                           move.company_id,
                           move.currency_id,
                           move.move_type,
                           move.dura_collection_hold AS collection_hold,
                           due.date_due,
                           due.days AS days_overdue,
                           bucket.aging,
                           open.amount AS amount_residual,
                           CASE WHEN bucket.aging = 'not_due' THEN open.amount ELSE 0 END
                               AS amount_not_due,
                           CASE WHEN bucket.aging = '0_30' THEN open.amount ELSE 0 END
                               AS amount_0_30,
                           CASE WHEN bucket.aging = '31_60' THEN open.amount ELSE 0 END
                               AS amount_31_60,
                           CASE WHEN bucket.aging = '61_90' THEN open.amount ELSE 0 END
                               AS amount_61_90,
                           CASE WHEN bucket.aging = 'over_90' THEN open.amount ELSE 0 END
                               AS amount_over_90
                      FROM account_move move
                      JOIN dura_utility_subscription sub ON sub.id = move.dura_subscription_id
                      -- what is left to pay, in the document's currency, a credit note negative
                      CROSS JOIN LATERAL (
                          SELECT CASE WHEN move.move_type = 'out_refund'
                                      THEN -move.amount_residual
                                      ELSE move.amount_residual END AS amount
                      ) open
                      CROSS JOIN LATERAL (
                          SELECT COALESCE(move.invoice_date_due, move.invoice_date, move.date)
                                     AS date_due,
                                 CURRENT_DATE - COALESCE(
                                     move.invoice_date_due, move.invoice_date, move.date
                                 ) AS days
                      ) due
                      CROSS JOIN LATERAL (
                          SELECT CASE WHEN due.days <= 0 THEN 'not_due'
                                      WHEN due.days <= 30 THEN '0_30'
                                      WHEN due.days <= 60 THEN '31_60'
                                      WHEN due.days <= 90 THEN '61_90'
                                      ELSE 'over_90' END AS aging
                      ) bucket
                     WHERE move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND move.amount_residual != 0
                )""",
                SQL.identifier(self._table),
            )
        )
