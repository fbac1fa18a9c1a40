from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # An opening arrears invoice of the go-live import: a subscription, no billed period (so
    # no bill), but arrears like any unpaid bill of the subscription.
    dura_opening_balance = fields.Boolean(
        "Opening Balance",
        readonly=True,
        copy=False,
        help="What the citizen owed when the municipality started billing in Odoo.",
    )
