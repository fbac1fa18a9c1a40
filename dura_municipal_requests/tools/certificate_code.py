"""Certificate verification codes: random, read aloud in groups, with a check character.

A code is 11 random characters and one check character from a 31-character alphabet without
the look-alikes 0/O, 1/I/L, printed in groups of four: ``K7QM-3XPA-9HWD``. 31^11 is about 2^54,
so a code cannot be guessed, even less so through the rate-limited verification page.

The check character makes the weighted sum ``sum(position * value)`` of the whole code a
multiple of 31. As 31 is prime and longer than the code, every single wrong character and
every swap of two different characters breaks the sum: a mistyped code is refused before any
database lookup.
"""

import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
RANDOM_LENGTH = 11
GROUP = 4
LENGTH = RANDOM_LENGTH + 1
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# separators and spaces people type or copy around a code
_IGNORED = re.compile(r"[\s\-_.\u2010-\u2015\u2212]+")


def check_character(body):
    """The check character of `body` (a string of alphabet characters, shorter than 30)."""
    position = len(body) + 1
    total = sum(index * _VALUES[char] for index, char in enumerate(body, 1))
    # position * check ≡ -total (mod 31); pow(x, -1, m) is the modular inverse
    return ALPHABET[(-total * pow(position, -1, BASE)) % BASE]


def generate():
    """A new random code, formatted."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_code(body + check_character(body))


def format_code(compact):
    """``K7QM3XPA9HWD`` -> ``K7QM-3XPA-9HWD``."""
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def normalize(text):
    """The formatted code `text` stands for, or None when it is not a well-formed code.

    Case, spaces, dashes and Arabic-Indic digits (typed on an Arabic keyboard) are accepted;
    a wrong length, a character outside the alphabet or a failed check character are not.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    compact = _IGNORED.sub("", unicodedata.normalize("NFKC", text)).upper()
    # NFKC does not map Arabic-Indic digits to ASCII ones
    compact = "".join(str(unicodedata.digit(char)) if char.isdigit() else char for char in compact)
    if len(compact) != LENGTH or any(char not in _VALUES for char in compact):
        return None
    if check_character(compact[:-1]) != compact[-1]:
        return None
    return format_code(compact)
