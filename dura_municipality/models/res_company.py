from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Odoo's company name is not translatable: the official Arabic name is the company name, the
    # English one is this field, printed under it on the letterhead (report_dura_letterhead).
    dura_name_en = fields.Char(
        string="English Name",
        help="The municipality's name in English, printed under the company name on the "
        "letterhead of receipts, certificates and reports.",
    )
