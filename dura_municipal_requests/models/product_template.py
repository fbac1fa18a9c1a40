from odoo import api, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("list_price")
    def _check_dura_fee_price(self):
        """A service's fee is its product's sales price, edited on the product form: it must not
        turn negative there after the service was set up with it."""
        negative = self.filtered(lambda t: t.currency_id.compare_amounts(t.list_price, 0) < 0)
        if not negative:
            return
        service = (
            self.env["dura.service.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("fee_product_id.product_tmpl_id", "in", negative.ids)], limit=1)
        )
        if service:
            raise ValidationError(
                self.env._(
                    "The fee of service %(service)s cannot be negative (%(amount)s).",
                    service=service.name,
                    amount=service.fee_product_id.product_tmpl_id.list_price,
                )
            )
