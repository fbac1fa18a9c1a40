from odoo.tests import BaseCase, tagged

from ..tools.national_id import compact, is_valid


@tagged("post_install", "-at_install")
class TestNationalId(BaseCase):
    def test_check_digit_table(self):
        cases = [
            ("123456782", True),
            ("123456783", False),  # wrong check digit
            ("000000018", True),
            ("18", False),  # too short to be an ID
            ("0000 00018", True),  # spaces as typed at the counter
            ("40158-2961", False),
            ("401582960", True),
            ("401582961", False),
            ("852369743", True),
            ("852369741", False),
            ("930123450", True),
            ("930123405", False),  # two digits swapped
            ("000000000", False),
            ("12345678a", False),
            ("1234567890", False),  # ten digits
            ("", False),
            (None, False),
        ]
        for number, valid in cases:
            with self.subTest(number=number):
                self.assertEqual(is_valid(number), valid)

    def test_compact_pads_short_numbers(self):
        self.assertEqual(compact("00018"), "000000018")
        self.assertEqual(compact(" 1234-5678 2"), "123456782")
