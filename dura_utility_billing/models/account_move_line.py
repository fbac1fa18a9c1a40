from odoo import fields, models

BILL_LINE_KINDS = [
    ("block", "Tariff block"),
    ("fixed", "Fixed charge"),
    ("credit", "Card credit"),
    ("estimate", "Estimate returned"),
]


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # what a utility bill's line charges, set by the billing run: the printed bill words each
    # line in the citizen's language from these, not from the line's label (written in the
    # language of whoever ran the billing)
    dura_bill_line_kind = fields.Selection(BILL_LINE_KINDS, "Bill Line", readonly=True, copy=False)
    # an estimate returned (see the billing run): which period's, and how many units
    dura_estimate_period = fields.Char("Estimate Period", readonly=True, copy=False)
    dura_estimate_units = fields.Float("Units Returned", digits=(16, 3), readonly=True, copy=False)
    dura_tariff_block_id = fields.Many2one(
        "dura.utility.tariff.block", "Tariff Block", readonly=True, copy=False, ondelete="set null"
    )
