"""Palestinian mobile numbers: one canonical form, the provider's wire form, and refusals.

Citizens write their numbers in many ways (``0599 123 456``, ``00970599123456``,
``+970-59-912-3456``, ``+972 59 912 3456``). Jawwal (059) and Ooredoo (056) SIMs are reachable
under both +970 and +972, so the canonical form is +970 and ``subscriber_key`` (the national
significant number) identifies the same SIM under either country code.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from .digits import to_ascii_digits

DEFAULT_REGION = "PS"
# Palestinian mobile ranges, also valid under +972: 059x (Jawwal), 056x (Ooredoo).
PS_MOBILE = re.compile(r"^5[69]\d{7}$")
E164_PS_MOBILE = re.compile(r"^\+97[02](5[69]\d{7})$")
MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

# Wire formats a provider may want, applied to the canonical E.164 number.
WIRE_FORMATS = {
    "e164": "+970599123456",
    "intl": "970599123456",
    "intl_il": "972599123456",
    "local": "0599123456",
}


@dataclass(frozen=True)
class NumberCheck:
    e164: str | None  # canonical E.164 when the number is a mobile (also for foreign ones)
    reason: (
        str | None
    )  # why not, in plain words for the front desk (English; translated by callers)
    code: str | None = None  # machine-readable: missing, invalid, landline, foreign


def _digits_plus(raw):
    text = "".join(ch for ch in to_ascii_digits(raw) if ch in "0123456789+")
    if text.startswith("00"):
        text = "+" + text[2:]
    return text


@lru_cache(maxsize=65536)  # pure; the dispatcher asks about the same number several times
def check_number(raw, region=DEFAULT_REGION, allowed_countries=("970", "972")):
    """Normalise `raw` to the canonical E.164 form, or say why it cannot receive an SMS."""
    if not raw or not str(raw).strip():
        return NumberCheck(None, "no mobile number", "missing")
    # Arabic-Indic digits typed on an Arabic keyboard: the fast path's \d accepts them, and
    # would put them in the canonical form
    if fast := E164_PS_MOBILE.match(to_ascii_digits(raw)):
        # already sanitized by Odoo (the usual case): no need to run the full parser
        return NumberCheck(f"+970{fast[1]}", None)
    text = _digits_plus(raw)
    if not text.startswith("+") and len(text) == 12 and text[:3] in ("970", "972"):
        text = "+" + text  # 970599123456 typed without the plus
    try:
        parsed = phonenumbers.parse(text, region)
    except NumberParseException:
        return NumberCheck(None, f"'{raw}' is not a phone number", "invalid")
    national = str(parsed.national_number)
    country = str(parsed.country_code)
    if country in ("970", "972") and PS_MOBILE.match(national):
        # A Palestinian SIM: canonical under +970 whatever code it was written with.
        return NumberCheck(f"+970{national}", None)
    if not phonenumbers.is_valid_number(parsed):
        return NumberCheck(None, f"'{raw}' is not a valid phone number", "invalid")
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return NumberCheck(None, f"'{raw}' is a landline: it cannot receive SMS", "landline")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if allowed_countries and country not in allowed_countries:
        # a usable number, but outside the countries served unless a provider routes it
        return NumberCheck(e164, f"'{raw}' is a foreign number (+{country})", "foreign")
    return NumberCheck(e164, None)


def subscriber_key(number):
    """Key that is equal for every spelling of one SIM: ``0599 123 456``, ``+970599123456``
    and ``+972 59 912 3456`` are one Jawwal subscriber. The one SIM matcher of the suite:
    the Palestinian-SIM rule lives in :func:`check_number` alone."""
    if not number:
        return number
    e164 = check_number(number).e164
    if e164 and (ps := E164_PS_MOBILE.match(e164)):
        return "ps:" + ps[1]
    return (e164 or _digits_plus(number)).lstrip("+")


def same_subscriber(number, other):
    """Whether two numbers, written in any way, reach the same SIM (never for no number)."""
    return bool(number and other) and subscriber_key(number) == subscriber_key(other)


def equivalent_forms(number):
    """All E.164 spellings of the same subscriber (used for blacklist and contact matching)."""
    key = subscriber_key(number)
    if key and key.startswith("ps:"):
        return [f"+970{key[3:]}", f"+972{key[3:]}"]
    return [number] if number else []


def to_wire(e164, wire_format):
    """Render the canonical number the way a provider wants it."""
    digits = e164.lstrip("+")
    national = digits[3:] if digits[:3] in ("970", "972") else None
    if wire_format == "e164":
        return e164
    if wire_format == "intl":
        return digits
    if wire_format == "intl_il":
        return "972" + national if national else digits
    if wire_format == "local":
        return "0" + national if national else e164
    raise ValueError(f"unknown number format {wire_format!r}")
