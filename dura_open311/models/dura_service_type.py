from odoo import fields, models


class DuraServiceType(models.Model):
    _inherit = "dura.service.type"

    open311_published = fields.Boolean(
        string="Published (Open311)",
        default=True,
        help="Listed by the public Open311 API; client systems can file requests of it.",
    )
    open311_group = fields.Char(
        string="Group", translate=True, help="Category shown to apps, e.g. 'Engineering'."
    )
    open311_keywords = fields.Char(
        string="Keywords", translate=True, help="Comma-separated words apps can search."
    )
    open311_attribute_ids = fields.One2many(
        "dura.service.type.attribute", "service_type_id", string="Extra Fields"
    )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _open311_dict(self):
        """The service as GeoReport's service list shows it.

        Requests are accepted asynchronously ("batch"): the API creates a draft that the
        service center completes, so the client gets a token at once.
        """
        self.ensure_one()
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": self.description or None,
            "metadata": bool(self.open311_attribute_ids),
            "type": "batch",
            "keywords": self.open311_keywords or None,
            "group": self.open311_group or self.department_id.name,
        }

    def _open311_definition_dict(self):
        self.ensure_one()
        return {
            "service_code": self.code,
            "attributes": [
                attribute._open311_dict(order)
                for order, attribute in enumerate(self.open311_attribute_ids, 1)
            ],
        }
