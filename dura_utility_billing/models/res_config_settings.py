from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dura_conversion_credit_policy = fields.Selection(
        related="company_id.dura_conversion_credit_policy", readonly=False
    )
    dura_bill_due_days = fields.Integer(related="company_id.dura_bill_due_days", readonly=False)
