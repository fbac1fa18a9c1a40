from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import fee_formula

FEE_MODES = [
    (fee_formula.FIXED, "Fixed price"),
    (fee_formula.PER_QUANTITY, "Base + rate per quantity"),
]


# one file per concern of the service, on purpose (see dura_service_request.py)
class DuraServiceType(models.Model):
    """The fee priced by a structured formula (base + rate x a quantity of the request, at least
    a minimum) instead of the fee product's fixed price. No free-form expression: an
    administrator picks the terms, the arithmetic is tools/fee_formula.py."""

    _inherit = "dura.service.type"  # pylint: disable=consider-merging-classes-inherited

    fee_mode = fields.Selection(
        FEE_MODES,
        string="Fee Pricing",
        required=True,
        default=fee_formula.FIXED,
        help="Fixed price: the fee product's price. Base + rate per quantity: the counter enters "
        "the request's quantity (an area, a connection size, a number of units) and the fee is "
        "base + rate x quantity, at least the minimum; the fee product only names the invoice "
        "line and its account.",
    )
    fee_quantity_label = fields.Char(
        string="Quantity",
        translate=True,
        help="What the counter enters, e.g. Building area.",
    )
    fee_quantity_unit = fields.Char(
        string="Unit", translate=True, help="The quantity's unit, e.g. m², inch, unit."
    )
    fee_base = fields.Monetary(
        string="Base Amount", currency_field="currency_id", help="Charged whatever the quantity."
    )
    fee_rate = fields.Monetary(
        string="Rate per Unit", currency_field="currency_id", help="Charged per unit of quantity."
    )
    fee_minimum = fields.Monetary(
        string="Minimum Fee",
        currency_field="currency_id",
        help="The fee is never lower than this; 0: no minimum.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(
        "fee_mode", "fee_base", "fee_rate", "fee_minimum", "fee_product_id", "fee_quantity_label"
    )
    def _check_fee_formula(self):
        for service in self:
            if service.fee_mode != fee_formula.PER_QUANTITY:
                continue
            try:
                fee_formula.check_terms(service.fee_base, service.fee_rate, service.fee_minimum)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "The fee formula of service %(service)s cannot have a negative term.",
                        service=service.name,
                    )
                ) from error
            if service.currency_id.compare_amounts(service.fee_rate, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "Service %(service)s is priced per quantity: give its rate per unit "
                        "(otherwise choose a fixed price).",
                        service=service.name,
                    )
                )
            if not service.fee_product_id or not (service.fee_quantity_label or "").strip():
                raise ValidationError(
                    self.env._(
                        "Service %(service)s is priced per quantity: it needs a fee product "
                        "(the invoice line and its account) and the name of the quantity the "
                        "counter enters.",
                        service=service.name,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _fee_for_quantity(self, quantity):
        """The fee of a request of this service for `quantity` (0 until it is entered)."""
        self.ensure_one()
        if self.fee_mode != fee_formula.PER_QUANTITY:
            return self.fee_amount
        if not quantity or quantity <= 0:
            return 0.0
        return fee_formula.amount(
            self.fee_base,
            self.fee_rate,
            quantity,
            self.fee_minimum,
            digits=self.currency_id.decimal_places,
        )
