from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    dura_estimate_periods = fields.Integer(
        related="company_id.dura_estimate_periods", readonly=False
    )
