from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # the payment plan and deposit settings beside the billing ones, in a file of their own
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

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
