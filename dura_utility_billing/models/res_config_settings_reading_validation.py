from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # the reading validation settings beside the billing ones, in a file of their own
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    dura_water_high_factor = fields.Float(
        related="company_id.dura_water_high_factor", readonly=False
    )
    dura_water_low_factor = fields.Float(related="company_id.dura_water_low_factor", readonly=False)
    dura_water_history_periods = fields.Integer(
        related="company_id.dura_water_history_periods", readonly=False
    )
    dura_water_flag_zero = fields.Boolean(related="company_id.dura_water_flag_zero", readonly=False)
    dura_water_estimate_periods = fields.Integer(
        related="company_id.dura_water_estimate_periods", readonly=False
    )
    dura_electricity_high_factor = fields.Float(
        related="company_id.dura_electricity_high_factor", readonly=False
    )
    dura_electricity_low_factor = fields.Float(
        related="company_id.dura_electricity_low_factor", readonly=False
    )
    dura_electricity_history_periods = fields.Integer(
        related="company_id.dura_electricity_history_periods", readonly=False
    )
    dura_electricity_flag_zero = fields.Boolean(
        related="company_id.dura_electricity_flag_zero", readonly=False
    )
    dura_electricity_estimate_periods = fields.Integer(
        related="company_id.dura_electricity_estimate_periods", readonly=False
    )
    dura_leak_alert = fields.Boolean(related="company_id.dura_leak_alert", readonly=False)
