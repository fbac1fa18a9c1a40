from odoo import fields, models


class DuraOpen311KeyWizard(models.TransientModel):
    _name = "dura.open311.key.wizard"
    _description = "Open311 API Key (shown once)"

    client_id = fields.Many2one("dura.open311.client", required=True, ondelete="cascade")
    api_key = fields.Char(string="API Key", readonly=True)
