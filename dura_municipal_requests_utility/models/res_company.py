from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _dura_demo_text_modules(self):
        # the demo's subscriptions and conversions write billing's fixed chatter texts
        return (*super()._dura_demo_text_modules(), "dura_utility_billing")
