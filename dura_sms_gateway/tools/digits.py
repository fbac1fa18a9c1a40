"""Digits as citizens type them, read as ASCII digits: the one place of the suite that does it.

An Arabic keyboard types Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩), a Persian one Eastern Arabic-Indic
digits (۰۱۲۳۴۵۶۷۸۹); phone numbers, tracking numbers, certificate codes and the last digits
of a mobile are compared in ASCII. Unicode NFKC does not map them, and Python's ``\\d`` and
``str.isdigit`` accept them, so a number could pass a check and still not be ASCII.
"""

import unicodedata


def to_ascii_digits(text):
    """`text` with every decimal digit of any script as its ASCII digit; the rest kept."""
    if not text:
        return text or ""
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() and not char.isascii() else char
        for char in str(text)
    )
