"""Count SMS segments exactly as GSM 03.38 / 3GPP TS 23.038 networks do.

A message is GSM-7 when every character is in the default alphabet or its extension table;
extension characters take two septets and a segment boundary never splits one. Anything else
(Arabic, emoji) is UCS-2: 70 code units in one SMS, 67 per part when concatenated; characters
outside the Basic Multilingual Plane take two UTF-16 code units and are never split either.
"""

from dataclasses import dataclass
from functools import lru_cache

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SegmentInfo:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int  # capacity of one segment for this message

    @property
    def remaining(self):
        """Units left in the last segment before another one is needed."""
        return self.segments * self.per_segment - self.units if self.segments else self.per_segment


def is_gsm7(text):
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _unit_sizes(text, gsm7):
    if gsm7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _pack(sizes, capacity):
    """Number of segments when indivisible units are packed into segments of `capacity`."""
    segments, used = 1, 0
    for size in sizes:
        if used + size > capacity:
            segments += 1
            used = 0
        used += size
    return segments


@lru_cache(maxsize=8192)  # pure; a text is counted on dispatch, audit and provider checks
def count_segments(text):
    """Return the :class:`SegmentInfo` of `text` (an empty text is 0 segments)."""
    text = text or ""
    gsm7 = is_gsm7(text)
    single, part = (GSM7_SINGLE, GSM7_PART) if gsm7 else (UCS2_SINGLE, UCS2_PART)
    sizes = _unit_sizes(text, gsm7)
    units = sum(sizes)
    if not units:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = _pack(sizes, part)
    return SegmentInfo(
        encoding="gsm7" if gsm7 else "ucs2",
        units=units,
        segments=segments,
        per_segment=single if segments <= 1 else part,
    )
