"""Palestinian national identity numbers.

The ID card number has 9 digits, the last one a Luhn check digit (the same scheme as the
population registry's other ID numbers); shorter numbers are written with leading zeros.
"""

from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError


def compact(number):
    """Digits only, left-padded to 9 when 5 to 8 digits were given."""
    digits = "".join(ch for ch in str(number or "") if not ch.isspace() and ch != "-")
    if digits.isdigit() and 5 <= len(digits) < 9:
        digits = digits.zfill(9)
    return digits


def is_valid(number):
    digits = compact(number)
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    try:
        luhn.validate(digits)
    except StdnumError:
        return False
    return True
