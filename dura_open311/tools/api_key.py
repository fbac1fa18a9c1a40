"""API keys of Open311 client systems: generated once, shown once, stored as a hash only.

A key is 32 random bytes (URL-safe text) behind a short public prefix that identifies it in lists
and logs. Only its SHA-256 digest is stored: with that much entropy a slow hash adds nothing (no
dictionary to try), and a digest can be looked up by an index. Comparison is constant-time.
"""

import hashlib
import hmac
import secrets

PREFIX = "o311_"
PREFIX_SHOWN = 12  # characters of the key kept in clear to recognise it ("o311_" + 7)


def generate():
    """A new key, e.g. ``o311_3vQ…``."""
    return PREFIX + secrets.token_urlsafe(32)


def digest(key):
    """Hex SHA-256 digest of `key`, the only form in which a key is stored."""
    return hashlib.sha256((key or "").encode("utf-8")).hexdigest()


def shown_part(key):
    """The public part of a key, shown to staff to recognise it."""
    return (key or "")[:PREFIX_SHOWN]


def matches(key, stored_digest):
    """Whether `key` is the key whose digest is `stored_digest` (constant time)."""
    if not key or not stored_digest:
        return False
    return hmac.compare_digest(digest(key), stored_digest)
