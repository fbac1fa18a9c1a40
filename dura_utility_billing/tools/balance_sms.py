"""The balance question a citizen texts: ``رصيد`` or ``BAL``, optionally with a meter number.

Read with the gateway's keyword normalisation (case, spaces, punctuation, Arabic diacritics,
tatweel, hamza forms folded), so ``Bal``, `` رَصيد `` and ``الرصيد`` are the same question, and
the meter with Arabic-Indic digits as the citizen's phone may type them.
"""

from odoo.addons.dura_sms_gateway.models.dura_sms_inbound import _normalize_keyword

BALANCE_WORDS = ("رصيد", "الرصيد", "BAL", "BALANCE")
_BALANCE = {_normalize_keyword(word) for word in BALANCE_WORDS}
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# longer than any meter number: a sentence that starts with the keyword is no question
MAX_METER_CHARS = 32


def meter_key(text):
    """The comparable form of a meter number: ``W-20400``, ``w 20400`` and ``W٢٠٤٠٠`` are one
    meter (upper case, ASCII digits, no spaces or punctuation)."""
    return _normalize_keyword((text or "").translate(DIGITS)).replace(" ", "")


def parse(text):
    """``None`` when `text` is no balance question, else the meter key asked about (``""``:
    every subscription of the sender)."""
    words = _normalize_keyword((text or "").translate(DIGITS)).split(" ", 1)
    if not words or words[0] not in _BALANCE:
        return None
    meter = words[1].replace(" ", "") if len(words) > 1 else ""
    if len(meter) > MAX_METER_CHARS:
        return None
    return meter


def meter_matches(asked, meter_number):
    """Whether the meter key `asked` names `meter_number`: the whole number, or its digits
    alone (what the citizen reads off the meter's plate)."""
    key = meter_key(meter_number)
    if not asked or not key:
        return False
    digits = "".join(char for char in key if char.isdigit())
    return asked == key or (asked.isdigit() and asked == digits)
