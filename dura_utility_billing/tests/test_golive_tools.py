import csv
import io
import random

from stdnum import luhn

from odoo.tests import BaseCase, tagged

from ..tools import golive_import as gl


def _csv(rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


@tagged("post_install", "-at_install")
class TestGoliveTools(BaseCase):
    def test_national_id_check_digit_is_luhn(self):
        rng = random.Random(18)
        for _ in range(500):
            first = f"{rng.randrange(10**8):08d}"
            self.assertEqual(gl.national_id_check_digit(first), luhn.calc_check_digit(first))
        self.assertEqual(gl.check_national_id("403100019"), "403100019")
        self.assertEqual(gl.check_national_id("٤٠٣١٠٠٠١٩"), "403100019")  # Arabic-Indic
        self.assertEqual(gl.check_national_id("4031-0001 9"), "403100019")
        self.assertEqual(gl.check_national_id(""), "")
        for bad in ("403100018", "12345", "000000000", "4031000190", "40310001x"):
            with self.subTest(bad=bad), self.assertRaises(gl.RowError):
                gl.check_national_id(bad)

    def test_headers_arabic_and_english(self):
        self.assertEqual(gl.normalise_header(" Meter_Number "), "meter number")
        # hamza and taa marbuta spellings are one header
        self.assertEqual(gl.normalise_header("رقم الهويّة"), gl.normalise_header("رقم الهويه"))
        mapping = gl.map_headers("citizens", ["الاسم", "رقم الهوية", "رقم الجوال", "ملاحظة"])
        self.assertEqual(mapping, {0: "name", 1: "national_id", 2: "mobile"})
        with self.assertRaises(gl.RowError) as caught:
            gl.map_headers("subscriptions", ["Meter Number", "Utility"])
        self.assertEqual(caught.exception.code, "missing_columns")

    def test_numbers_and_dates(self):
        self.assertEqual(str(gl.parse_decimal("1,250.750")), "1250.750")
        self.assertEqual(str(gl.parse_decimal("١٢٣٫٥")), "123.5")
        self.assertEqual(str(gl.parse_decimal("12,5")), "12.5")
        self.assertIsNone(gl.parse_decimal(""))
        for bad in ("abc", "-3", "NaN"):
            with self.subTest(bad=bad), self.assertRaises(gl.RowError):
                gl.parse_decimal(bad)
        self.assertEqual(str(gl.parse_date("25/11/2026")), "2026-11-25")
        self.assertEqual(str(gl.parse_date("٢٠٢٦-١١-٢٥")), "2026-11-25")
        with self.assertRaises(gl.RowError):
            gl.parse_date("11/25/2026")

    def test_windows_arabic_csv(self):
        data = _csv([["الاسم", "رقم الجوال"], ["خليل عمرو", "0599310001"]], "cp1256")
        self.assertEqual(
            list(gl.iter_records("citizens", data)),
            [(2, {"name": "خليل عمرو", "mobile": "0599310001"})],
        )

    def test_merge_rules(self):
        def row(national_id, mobile):
            return gl.normalise_citizen({"name": "x", "national_id": national_id, "mobile": mobile})

        rows = [
            row("403100019", "0599310001"),
            row("", "+972599310001"),  # same SIM, no id: the same citizen
            row("403100027", "0599310001"),  # same SIM, another id: a family's shared phone
            row("403100019", ""),  # same id
            None,  # a refused row
            row("", "0569310005"),
            row("403100050", "+970569310005"),  # the id completes row 5's citizen
        ]
        self.assertEqual(gl.merge_citizens(rows), {1: 0, 3: 0, 6: 5})
        self.assertEqual(rows[5]["national_id"], "403100050")

    def test_refusals(self):
        cases = [
            ({"name": "", "national_id": "403100019"}, "no_name"),
            ({"name": "x"}, "no_identity"),
            ({"name": "x", "mobile": "02 229 1234"}, "bad_mobile"),  # a landline
            ({"name": "x", "mobile": "0599"}, "bad_mobile"),
            ({"name": "x", "mobile": "0599310001", "lang": "fr"}, "bad_lang"),
        ]
        for record, code in cases:
            with self.subTest(code=code), self.assertRaises(gl.RowError) as caught:
                gl.normalise_citizen(record)
            self.assertEqual(caught.exception.code, code)
        base = {"national_id": "403100019", "meter": "m1", "utility": "water"}
        self.assertEqual(gl.normalise_subscription(base)["meter"], "M1")
        for change, code in [
            ({"meter": ""}, "no_meter"),
            ({"utility": "gas"}, "bad_utility"),
            ({"billing_mode": "weekly"}, "bad_mode"),
            ({"last_reading": "x"}, "bad_reading"),
            ({"balance": "-5"}, "bad_balance"),
            ({"national_id": ""}, "no_citizen"),
        ]:
            with self.subTest(code=code), self.assertRaises(gl.RowError) as caught:
                gl.normalise_subscription(dict(base, **change))
            self.assertEqual(caught.exception.code, code)
        self.assertEqual(
            gl.normalise_subscription(dict(base, utility="كهرباء", billing_mode="بطاقة"))[
                "billing_mode"
            ],
            "prepaid",
        )
