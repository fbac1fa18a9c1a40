from odoo import fields, models

from ..tools.selections import CREDIT_POLICIES


class ResCompany(models.Model):
    _inherit = "res.company"

    dura_conversion_credit_policy = fields.Selection(
        CREDIT_POLICIES,
        string="Card Credit at Conversion",
        default="credit_note",
        help="What happens to the credit left on a prepaid card when the meter is converted "
        "to invoice billing.",
    )
    dura_bill_due_days = fields.Integer(
        "Bill Due Days", default=15, help="Days between a utility bill's date and its due date."
    )
