from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools.tariff_blocks import QUANTITY_DIGITS

# the precision of account.move.line.quantity (and of every product quantity in Odoo)
QUANTITY_PRECISION = "Product Unit of Measure"


class DecimalPrecision(models.Model):
    """Invoice line quantities to the meter's thousandth.

    Odoo keeps ``account.move.line.quantity`` to the digits of the global 'Product Unit of
    Measure' precision (2 by default) and prices the line from that rounded quantity, so a
    bill for 20.005 m³ was priced for 20.01 m³. The precision is raised to 3 (never lowered:
    a database using 4 keeps 4) rather than the invoice line field given digits of its own,
    because Odoo compares and converts quantities with this same precision everywhere (units
    of measure, sales and purchases to invoice, stock moves): one precision for the field and
    the code that reads it. The cost is cosmetic: quantities show three decimals (1.000)."""

    _inherit = "decimal.precision"

    @api.constrains("name", "digits")
    def _check_dura_meter_quantity_digits(self):
        for precision in self:
            if precision.name == QUANTITY_PRECISION and precision.digits < QUANTITY_DIGITS:
                raise ValidationError(
                    self.env._(
                        "Utility bills carry meter quantities to the thousandth: the decimal "
                        "accuracy %(name)s cannot be less than %(digits)s digits.",
                        name=precision.name,
                        digits=QUANTITY_DIGITS,
                    )
                )

    @api.model
    def _dura_ensure_meter_quantity_digits(self):
        """Raise the quantity precision to the meter's (on install and on each update)."""
        precision = self.search([("name", "=", QUANTITY_PRECISION)], limit=1)
        if not precision:
            self.create({"name": QUANTITY_PRECISION, "digits": QUANTITY_DIGITS})
        elif precision.digits < QUANTITY_DIGITS:
            precision.digits = QUANTITY_DIGITS
