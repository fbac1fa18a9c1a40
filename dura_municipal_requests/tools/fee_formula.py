"""A service fee priced by a structured formula: base + rate x quantity, at least a minimum.

Plain arithmetic on purpose: the municipality's tariffs (so much per m² of a building, per inch
of a water connection, per housing unit) are all of this shape, and a structured formula is
safe to let an administrator edit, where a free-form expression evaluated on the server is not.
"""

from decimal import ROUND_HALF_UP, Decimal

FIXED = "fixed"
PER_QUANTITY = "per_quantity"


def check_terms(base, rate, minimum):
    """Raise ValueError when a term of the formula is negative (a fee never pays the citizen)."""
    for name, value in (("base", base), ("rate", rate), ("minimum", minimum)):
        if (value or 0.0) < 0:
            raise ValueError(f"the {name} of a fee formula cannot be negative: {value}")


def amount(base, rate, quantity, minimum=0.0, digits=2):
    """The fee: ``max(base + rate * quantity, minimum)``, rounded half up to `digits` decimals.

    The quantity must be positive (an area, a size, a number of units): ValueError otherwise.
    Decimal arithmetic, so that 0.1 m² x 3 ₪ is 0.30 and not 0.30000000000000004.
    """
    check_terms(base, rate, minimum)
    if quantity is None or quantity <= 0:
        raise ValueError(f"the quantity of a fee formula must be positive: {quantity}")
    total = Decimal(str(base or 0.0)) + Decimal(str(rate or 0.0)) * Decimal(str(quantity))
    total = max(total, Decimal(str(minimum or 0.0)))
    return float(total.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def is_free(mode, fixed_price, base, rate, minimum):
    """Whether a service priced this way never costs anything."""
    if mode == PER_QUANTITY:
        return not (base or rate or minimum)
    return not fixed_price
