"""Increasing-block tariff arithmetic, free of the ORM.

A tariff is an ordered list of blocks ``(from_units, to_units, price)``; ``to_units`` of the last
block may be ``None`` (open-ended). Consumption fills the blocks in order; each block used gives a
line ``(block, quantity, price, amount)``.

How a bill is rounded -- the same rule as Odoo's invoice lines, so that the posted invoice and
this arithmetic agree to the agora for any consumption a meter can show:

- quantities are exact to the meter's thousandth (``QUANTITY_DIGITS``): the consumption is taken
  to 0.001 (half up, only to drop float noise such as 12.300000000000001) and each block line
  carries exactly its share, never rounded further;
- each line's amount is ``quantity x price`` rounded once, half away from zero, to the
  currency's rounding (0.01 for the shekel: the agora) -- what Odoo does for each invoice line
  (``currency.round(price_unit * quantity)``, with ``float_round``'s HALF-UP);
- the fixed charge is a line of its own, rounded the same way;
- the bill's untaxed total is the sum of the rounded lines; there is no second rounding of the
  total (taxes, if a tariff has any, are Odoo's, per line or global as the company says).
"""

from decimal import ROUND_HALF_UP, Decimal

# meters read to a thousandth (m³ to the litre, kWh to the watt-hour)
QUANTITY_DIGITS = 3
QUANTITY_STEP = Decimal(1).scaleb(-QUANTITY_DIGITS)
# the shekel's rounding: the agora
DEFAULT_ROUNDING = Decimal("0.01")


class TariffError(ValueError):
    """Invalid tariff or consumption. ``code`` names the problem ('empty', 'gap', 'overlap',
    'negative', 'open', 'range', 'consumption', 'exceeds') and ``params`` its values, so callers
    can word it in the user's language."""

    def __init__(self, message, code="invalid", **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _dec(value):
    # str() of a float is its shortest repr: 0.1 -> Decimal("0.1"), not 0.1000000000000000055
    return value if isinstance(value, Decimal) else Decimal(str(value))


def exact_quantity(value):
    """`value` to the meter's thousandth (half up): the quantity an invoice line must carry."""
    return _dec(value).quantize(QUANTITY_STEP, rounding=ROUND_HALF_UP)


def round_amount(amount, rounding=DEFAULT_ROUNDING):
    """`amount` rounded half away from zero to a multiple of `rounding` (a currency's
    rounding, e.g. 0.01, 0.001 for the Jordanian dinar, or 0.05), as Odoo's
    ``float_round(..., precision_rounding=rounding)`` does."""
    rounding = _dec(rounding)
    amount = _dec(amount)
    if rounding <= 0:
        raise ValueError("rounding must be positive")
    steps = (amount / rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return steps * rounding


def line_amount(quantity, price, rounding=DEFAULT_ROUNDING):
    """Amount of one bill line: exact quantity times price, rounded once."""
    return round_amount(exact_quantity(quantity) * _dec(price), rounding)


def check_blocks(blocks):
    """Raise :class:`TariffError` unless the blocks start at 0, are contiguous and increasing."""
    if not blocks:
        raise TariffError("a tariff needs at least one block", "empty")
    expected = Decimal(0)
    for index, (start, end, price) in enumerate(blocks):
        start = _dec(start)
        if start != expected:
            kind = "overlap" if start < expected else "gap"
            raise TariffError(
                f"block {index + 1} starts at {start}, expected {expected} ({kind})",
                kind,
                block=index + 1,
                start=start,
                expected=expected,
            )
        if _dec(price) < 0:
            raise TariffError(
                f"block {index + 1} has a negative price", "negative", block=index + 1
            )
        if end is None:
            if index != len(blocks) - 1:
                raise TariffError(
                    f"only the last block may be open-ended (block {index + 1})",
                    "open",
                    block=index + 1,
                )
            return
        if _dec(end) <= start:
            raise TariffError(
                f"block {index + 1} ends at or before its start", "range", block=index + 1
            )
        expected = _dec(end)


def split_consumption(consumption, blocks, rounding=DEFAULT_ROUNDING):
    """Split `consumption` over `blocks`; return a list of (index, quantity, price, amount):
    quantities exact to 0.001, each amount rounded once to `rounding` (see the module's
    docstring)."""
    consumption = exact_quantity(consumption)
    if consumption < 0:
        raise TariffError("consumption cannot be negative", "consumption")
    check_blocks(blocks)
    lines = []
    for index, (start, end, price) in enumerate(blocks):
        start = _dec(start)
        if consumption <= start:
            break
        upper = consumption if end is None else min(consumption, _dec(end))
        quantity = upper - start
        lines.append((index, quantity, _dec(price), line_amount(quantity, price, rounding)))
    if end is not None and consumption > _dec(end):
        raise TariffError(
            f"consumption {consumption} exceeds the last block ({end})", "exceeds", end=end
        )
    return lines


def bill_amount(consumption, blocks, fixed_charge=0, rounding=DEFAULT_ROUNDING):
    """Untaxed bill: the rounded block lines plus the fixed charge (itself rounded)."""
    total = sum(
        (line[3] for line in split_consumption(consumption, blocks, rounding)),
        Decimal(0),
    )
    return total + round_amount(fixed_charge, rounding)
