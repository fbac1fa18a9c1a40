from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import georeport


class DuraServiceTypeAttribute(models.Model):
    """An extra field asked when a request of the service is filed (GeoReport "attribute")."""

    _name = "dura.service.type.attribute"
    _description = "Service Extra Field"
    _order = "service_type_id, sequence, id"

    service_type_id = fields.Many2one(
        "dura.service.type", string="Service", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, help="Name of the field in the API, e.g. PARCEL.")
    name = fields.Char(
        string="Question", required=True, translate=True, help="What the citizen is asked."
    )
    datatype = fields.Selection(
        [
            ("string", "Short Text"),
            ("number", "Number"),
            ("datetime", "Date and Time"),
            ("text", "Long Text"),
            ("singlevaluelist", "One Choice"),
            ("multivaluelist", "Several Choices"),
        ],
        string="Type",
        required=True,
        default="string",
    )
    required = fields.Boolean()
    variable = fields.Boolean(
        string="Asked",
        default=True,
        help="Unticked: information shown to the citizen only, nothing is asked.",
    )
    datatype_description = fields.Char(
        string="Format Hint", translate=True, help="E.g. 'Nine digits, as on the deed'."
    )
    value_ids = fields.One2many(
        "dura.service.type.attribute.value", "attribute_id", string="Choices"
    )

    _sql_constraints = (
        (
            "code_service_uniq",
            "unique(service_type_id, code)",
            "The code of an extra field must be unique within its service.",
        ),
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("datatype", "value_ids")
    def _check_values(self):
        for attribute in self:
            is_list = attribute.datatype in ("singlevaluelist", "multivaluelist")
            if is_list and not attribute.value_ids:
                raise ValidationError(
                    self.env._(
                        "The extra field %(field)s is a list: give it at least one choice.",
                        field=attribute.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _open311_dict(self, order):
        """The attribute as the GeoReport service definition shows it."""
        self.ensure_one()
        data = {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description or None,
            "order": order,
            "description": self.name,
        }
        if self.datatype in ("singlevaluelist", "multivaluelist"):
            data["values"] = [{"key": value.key, "name": value.name} for value in self.value_ids]
        return data

    def _open311_check_definition(self):
        """The attributes as tools.georeport.check_attributes reads them."""
        return [
            {
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "variable": attribute.variable,
                "keys": attribute.value_ids.mapped("key"),
            }
            for attribute in self
            if attribute.datatype in georeport.DATATYPES
        ]
