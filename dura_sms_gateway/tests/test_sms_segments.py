from odoo.tests import BaseCase, tagged

from ..tools.sms_segments import count_segments


@tagged("post_install", "-at_install")
class TestSmsSegments(BaseCase):
    """Segment counting table: GSM-7, extension characters, Arabic, mixed, emoji, boundaries."""

    def test_segment_table(self):
        arabic = "م"
        cases = [
            # (text, encoding, units, segments)
            ("", "gsm7", 0, 0),
            ("Hello", "gsm7", 5, 1),
            ("a" * 160, "gsm7", 160, 1),
            ("a" * 161, "gsm7", 161, 2),
            ("a" * 306, "gsm7", 306, 2),
            ("a" * 307, "gsm7", 307, 3),
            ("€" * 80, "gsm7", 160, 1),  # extension characters count two septets
            ("€" * 81, "gsm7", 162, 2),
            ("a" * 152 + "€", "gsm7", 154, 1),  # still fits one single SMS
            # 152 septets + '€' cannot be split over the 153 boundary: it moves to part 2
            ("a" * 152 + "€" + "a" * 10, "gsm7", 164, 2),
            ("a" * 305 + "€", "gsm7", 307, 3),  # would straddle 306 -> third part
            ("{}[]~^|\\", "gsm7", 16, 1),
            ("line\nbreak", "gsm7", 10, 1),  # a newline is one septet
            (arabic * 70, "ucs2", 70, 1),
            (arabic * 71, "ucs2", 71, 2),
            (arabic * 134, "ucs2", 134, 2),
            (arabic * 135, "ucs2", 135, 3),
            ("طلبك رقم DR-2026-00042 قيد المعالجة", "ucs2", 35, 1),
            (
                "Hello " + arabic,
                "ucs2",
                7,
                1,
            ),  # one Arabic letter makes the whole text UCS-2
            ("ok 😀", "ucs2", 5, 1),  # an emoji outside the BMP is two code units
            ("a" * 66 + "😀" + "a" * 3, "ucs2", 71, 2),  # surrogate pair never split
            ("ç", "ucs2", 1, 1),  # lower-case c-cedilla is not in GSM-7 (only Ç is)
        ]
        for text, encoding, units, segments in cases:
            with self.subTest(text=text[:20], length=len(text)):
                info = count_segments(text)
                self.assertEqual(
                    (info.encoding, info.units, info.segments),
                    (encoding, units, segments),
                )

    def test_remaining(self):
        self.assertEqual(count_segments("a" * 150).remaining, 10)
        self.assertEqual(count_segments("م" * 68).remaining, 2)
        self.assertEqual(count_segments("م" * 71).remaining, 63)
