from odoo import fields, models

from .dura_utility_tariff import UTILITIES


class DuraUtilityBill(models.Model):
    """One subscription billed for one period. The unique (subscription, period) constraint is
    what makes "never bill twice" hold in the database, whatever runs or crashes."""

    _name = "dura.utility.bill"
    _description = "Utility Bill"
    _order = "period desc, id desc"
    _rec_name = "move_id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    subscription_id = fields.Many2one(
        "dura.utility.subscription", required=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id", store=True, string="Citizen")
    utility = fields.Selection(UTILITIES, required=True)
    quarter = fields.Char()
    period = fields.Char(required=True, index=True)
    run_id = fields.Many2one("dura.utility.billing.run", index=True, ondelete="set null")
    reading_id = fields.Many2one("dura.utility.reading", ondelete="restrict")
    move_id = fields.Many2one("account.move", "Invoice", required=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    consumption = fields.Float(digits=(16, 3), aggregator="sum")
    estimated = fields.Boolean(related="reading_id.estimated")
    credit_applied = fields.Monetary(
        help="Credit carried forward (from a card conversion or estimates returned) and "
        "deducted on this bill."
    )
    estimate_credit_carried = fields.Monetary(
        help="What the estimates returned on this bill left over once the bill was brought to "
        "zero: deducted from the next bills.",
    )
    amount_billed = fields.Monetary("Billed", related="move_id.amount_total")
    amount_due = fields.Monetary("Due", related="move_id.amount_residual")
    payment_state = fields.Selection(related="move_id.payment_state", string="Payment Status")

    _sql_constraints = (
        (
            "subscription_period_uniq",
            "unique(subscription_id, period)",
            "A subscription is billed only once per period.",
        ),
    )
