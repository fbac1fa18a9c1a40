"""The reading a citizen texts off their own meter: ``قراءة <meter> <index>`` or
``READ <meter> <index>``, and the ``نعم`` / ``YES`` that confirms it.

The keyword is read with the gateway's normalisation (case, diacritics, tatweel, hamza forms and
ة/ه folded), the meter like the balance question's (``W-20400``, ``w 20400``, ``٢٠٤٠٠``), and the
index is the last word: ASCII or Arabic-Indic digits, a decimal point, an Arabic decimal
separator (``٫``) or a comma. The meter may be left out when the number has one meter.
"""

import re
from collections import namedtuple

from odoo.addons.dura_sms_gateway.models.dura_sms_inbound import _normalize_keyword

from .balance_sms import DIGITS, MAX_METER_CHARS, meter_key

READ_WORDS = ("قراءة", "القراءة", "قراءه", "READ", "READING")
CONFIRM_WORDS = ("نعم", "اي", "أكيد", "تأكيد", "موافق", "YES", "Y", "OK", "CONFIRM")
_READ = {_normalize_keyword(word) for word in READ_WORDS}
_CONFIRM = {_normalize_keyword(word) for word in CONFIRM_WORDS}
# an index as a meter shows it: digits, at most one decimal separator, up to three decimals
_INDEX = re.compile(r"^(\d{1,9})(?:[.,٫](\d{1,3}))?$")

SelfReading = namedtuple("SelfReading", "meter value")
SelfReading.__doc__ = """A self-reading message: the meter key (``""`` when not given) and the
index (``None`` when the message names no readable index: the sender gets the usage reply)."""


def parse(text):
    """``None`` when `text` is no self-reading, else its :data:`SelfReading`."""
    words = (text or "").translate(DIGITS).split()
    if not words or _normalize_keyword(words[0]) not in _READ:
        return None
    rest = words[1:]
    if not rest:
        return SelfReading("", None)
    match = _INDEX.match(rest[-1])
    meter = meter_key(" ".join(rest[:-1])) if match else meter_key(" ".join(rest))
    if len(meter) > MAX_METER_CHARS:
        # a sentence that starts with the keyword is no reading
        return None
    if not match:
        return SelfReading(meter, None)
    whole, decimals = match.groups()
    return SelfReading(meter, float(f"{whole}.{decimals or 0}"))


def is_confirmation(text):
    """Whether `text` is the citizen's yes to the reading proposed to them."""
    return _normalize_keyword((text or "").translate(DIGITS)) in _CONFIRM
