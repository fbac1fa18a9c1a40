from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dura_sms_status_number = fields.Char(
        string="SMS Number for Status Queries",
        help="The number citizens send a tracking number to by SMS to learn the state of their "
        "request; printed on the request receipt. Empty = the company's mobile or phone.",
    )
