from odoo import fields, models


class DuraServiceDocumentType(models.Model):
    _name = "dura.service.document.type"
    _description = "Request Document Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True, help="What the citizen must bring, shown at the counter."
    )
    active = fields.Boolean(default=True)
