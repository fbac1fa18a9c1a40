from odoo import fields, models

UTILITY_EFFECTS = ("electricity_subscription", "water_subscription", "card_to_invoice")


class DuraServiceType(models.Model):
    _inherit = "dura.service.type"

    completion_effect = fields.Selection(
        selection_add=[
            ("electricity_subscription", "Create an electricity subscription"),
            ("water_subscription", "Create a water subscription"),
            ("card_to_invoice", "Convert a prepaid (card) meter to invoice billing"),
            ("certificate",),
        ],
        # without the utility app, these services complete without an effect
        ondelete=dict.fromkeys(UTILITY_EFFECTS, "set default"),
    )
