"""The status page's proof of ownership: the last four digits of the citizen's mobile."""

import hmac
import re

DIGITS = 4
# citizens may type Arabic-Indic (٠١٢…) or Eastern Arabic-Indic (۰۱۲…) digits
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def ascii_digits(text):
    """The ASCII digits of `text`, Arabic-Indic digits converted, everything else dropped."""
    return re.sub(r"[^0-9]", "", (text or "").translate(_TO_ASCII))


def last_digits(number, count=DIGITS):
    """The last `count` digits of a phone number in any format, or "" when it has fewer."""
    digits = ascii_digits(number)
    return digits[-count:] if len(digits) >= count else ""


def digits_match(mobile, given):
    """Whether `given` (typed by the citizen) is the last four digits of `mobile`.

    Exactly four digits must be typed (spaces and dashes are ignored, Arabic-Indic digits are
    read); a citizen without a mobile never matches. Constant-time comparison.
    """
    cleaned = re.sub(r"[\s-]", "", (given or "").translate(_TO_ASCII))
    typed = ascii_digits(cleaned)
    expected = last_digits(mobile)
    if len(typed) != DIGITS or typed != cleaned or not expected:
        return False
    return hmac.compare_digest(typed, expected)
