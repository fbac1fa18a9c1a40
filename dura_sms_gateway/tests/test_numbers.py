from odoo.tests import BaseCase, tagged

from ..tools.digits import to_ascii_digits
from ..tools.phone_numbers import (
    check_number,
    equivalent_forms,
    same_subscriber,
    subscriber_key,
    to_wire,
)


@tagged("post_install", "-at_install")
class TestNumbers(BaseCase):
    def test_spellings_table(self):
        cases = [
            # (as typed, canonical E.164 or None, refusal code)
            ("0599 123 456", "+970599123456", None),
            ("0599123456", "+970599123456", None),
            ("00970599123456", "+970599123456", None),
            ("+970-59-912-3456", "+970599123456", None),
            ("+970 599 123 456", "+970599123456", None),
            ("970599123456", "+970599123456", None),
            ("(059) 912-3456", "+970599123456", None),
            ("599123456", "+970599123456", None),
            ("٠٥٩٩١٢٣٤٥٦", "+970599123456", None),  # Arabic-Indic digits
            ("+٩٧٠٥٩٩١٢٣٤٥٦", "+970599123456", None),  # ... in the E.164 form too
            ("+970٥٩٩١٢٣٤٥٦", "+970599123456", None),
            ("۰۵۶۹۱۲۳۴۵۶", "+970569123456", None),  # Eastern Arabic-Indic (Persian) digits
            ("+972 59 912 3456", "+970599123456", None),  # same Jawwal SIM under +972
            ("00972599123456", "+970599123456", None),
            ("0569123456", "+970569123456", None),  # Ooredoo
            ("972569123456", "+970569123456", None),
            ("+972 52 234 5678", "+972522345678", None),  # Israeli mobile, served
            ("02 222 1234", None, "landline"),  # Hebron landline
            ("+970 2 222 1234", None, "landline"),
            ("059912345", None, "invalid"),  # a digit short
            ("05991234567", None, "invalid"),  # a digit too many
            ("0522345678", None, "invalid"),  # 052 is not a Palestinian mobile range
            ("+962 79 123 4567", "+962791234567", "foreign"),  # Jordan
            ("+44 7911 123456", "+447911123456", "foreign"),
            ("call me", None, "invalid"),
            ("", None, "missing"),
            (None, None, "missing"),
            ("   ", None, "missing"),
        ]
        for raw, e164, code in cases:
            with self.subTest(raw=raw):
                check = check_number(raw)
                self.assertEqual((check.e164, check.code), (e164, code))
                if code:
                    self.assertTrue(check.reason)

    def test_same_subscriber(self):
        self.assertEqual(subscriber_key("+970599123456"), subscriber_key("+972599123456"))
        self.assertNotEqual(subscriber_key("+970599123456"), subscriber_key("+970569123456"))
        self.assertEqual(equivalent_forms("+970599123456"), ["+970599123456", "+972599123456"])
        self.assertEqual(equivalent_forms("+962791234567"), ["+962791234567"])
        # any spelling: how a citizen's contact is written vs the number an SMS came from
        self.assertEqual(equivalent_forms("0599 123 456"), ["+970599123456", "+972599123456"])
        for typed in ("0599 123 456", "00972599123456", "٠٥٩٩١٢٣٤٥٦", "+970-59-912-3456"):
            with self.subTest(typed=typed):
                self.assertTrue(same_subscriber(typed, "+972599123456"))
        self.assertFalse(same_subscriber("0599123456", "+970598765432"))
        self.assertFalse(same_subscriber("0599123456", "0569123456"))
        self.assertTrue(same_subscriber("+962 79 123 4567", "00962791234567"))
        self.assertFalse(same_subscriber(None, None), "no number matches nobody")
        self.assertFalse(same_subscriber("", "0599123456"))

    def test_ascii_digits(self):
        self.assertEqual(to_ascii_digits("DR-٢٠٢٦-٠٠٠٤٢"), "DR-2026-00042")
        self.assertEqual(to_ascii_digits("۰۱۲۳۴۵۶۷۸۹ 0123"), "0123456789 0123")
        self.assertEqual(to_ascii_digits("وقف"), "وقف")
        self.assertEqual(to_ascii_digits(None), "")

    def test_wire_formats(self):
        self.assertEqual(to_wire("+970599123456", "e164"), "+970599123456")
        self.assertEqual(to_wire("+970599123456", "intl"), "970599123456")
        self.assertEqual(to_wire("+970599123456", "intl_il"), "972599123456")
        self.assertEqual(to_wire("+970599123456", "local"), "0599123456")
        with self.assertRaises(ValueError):
            to_wire("+970599123456", "fax")
