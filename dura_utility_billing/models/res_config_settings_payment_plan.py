from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dura_plan_approval_amount = fields.Monetary(
        related="company_id.dura_plan_approval_amount", readonly=False
    )
    dura_plan_max_instalments = fields.Integer(
        related="company_id.dura_plan_max_instalments", readonly=False
    )
    dura_plan_grace_days = fields.Integer(related="company_id.dura_plan_grace_days", readonly=False)
    dura_plan_reminder_days = fields.Integer(
        related="company_id.dura_plan_reminder_days", readonly=False
    )
    dura_deposit_account_id = fields.Many2one(
        related="company_id.dura_deposit_account_id", readonly=False
    )
