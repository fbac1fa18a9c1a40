"""Palestinian national identity numbers.

The ID card number has 9 digits, the last one a Luhn check digit (the same scheme as the
population registry's other ID numbers); shorter numbers are written with leading zeros.
"""

from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError

# Arabic-Indic (٠١٢…) and Extended Arabic-Indic (۰۱۲…, Persian/Urdu keyboards) digits.
ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def ascii_digits(text):
    """`text` with Arabic-Indic digits written as ASCII digits."""
    return str(text or "").translate(ASCII_DIGITS)


def compact(number):
    """ASCII digits only, left-padded to 9 when 5 to 8 digits were given."""
    digits = "".join(ch for ch in ascii_digits(number) if not ch.isspace() and ch != "-")
    if digits.isdigit() and 5 <= len(digits) < 9:
        digits = digits.zfill(9)
    return digits


def is_valid(number):
    digits = compact(number)
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or set(digits) == {"0"}:
        return False
    try:
        luhn.validate(digits)
    except StdnumError:
        return False
    return True
