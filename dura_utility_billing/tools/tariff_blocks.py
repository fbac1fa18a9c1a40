"""Increasing-block tariff arithmetic, free of the ORM.

A tariff is an ordered list of blocks ``(from_units, to_units, price)``; ``to_units`` of the last
block may be ``None`` (open-ended). Consumption fills the blocks in order; each block used gives a
line ``(block, quantity, price, amount)``. Amounts are rounded per line to the currency's precision.
"""

from decimal import ROUND_HALF_UP, Decimal


class TariffError(ValueError):
    """Invalid tariff or consumption. ``code`` names the problem ('empty', 'gap', 'overlap',
    'negative', 'open', 'range', 'consumption', 'exceeds') and ``params`` its values, so callers
    can word it in the user's language."""

    def __init__(self, message, code="invalid", **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


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


def split_consumption(consumption, blocks, precision=2):
    """Split `consumption` over `blocks`; return a list of (index, quantity, price, amount)."""
    consumption = _dec(consumption)
    if consumption < 0:
        raise TariffError("consumption cannot be negative", "consumption")
    check_blocks(blocks)
    quantum = Decimal(1).scaleb(-precision)
    lines = []
    for index, (start, end, price) in enumerate(blocks):
        start = _dec(start)
        if consumption <= start:
            break
        upper = consumption if end is None else min(consumption, _dec(end))
        quantity = upper - start
        amount = (quantity * _dec(price)).quantize(quantum, rounding=ROUND_HALF_UP)
        lines.append((index, quantity, _dec(price), amount))
    if end is not None and consumption > _dec(end):
        raise TariffError(
            f"consumption {consumption} exceeds the last block ({end})", "exceeds", end=end
        )
    return lines


def bill_amount(consumption, blocks, fixed_charge=0, precision=2):
    """Total of the block lines plus the fixed charge."""
    total = sum(
        (line[3] for line in split_consumption(consumption, blocks, precision)),
        Decimal(0),
    )
    return total + _dec(fixed_charge)
