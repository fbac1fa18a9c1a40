from odoo import fields, models


class DuraServiceTypeAttributeValue(models.Model):
    _name = "dura.service.type.attribute.value"
    _description = "Service Extra Field Choice"
    _order = "attribute_id, sequence, id"

    attribute_id = fields.Many2one(
        "dura.service.type.attribute", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    key = fields.Char(required=True, help="Value sent through the API.")
    name = fields.Char(required=True, translate=True)

    _sql_constraints = (
        (
            "key_attribute_uniq",
            "unique(attribute_id, key)",
            "The key of a choice must be unique within its field.",
        ),
    )
