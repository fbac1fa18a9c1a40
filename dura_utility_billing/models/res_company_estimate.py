from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    dura_estimate_periods = fields.Integer(
        "Estimate History (periods)",
        default=3,
        help="A subscription left without a reading is billed on the average consumption of "
        "its last actual readings, this many at most; without any, on its tariff's estimate.",
    )
