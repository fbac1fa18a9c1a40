import csv
import datetime
import io
from decimal import Decimal

import openpyxl

from odoo.tests import BaseCase, tagged

from ..tools import golive_import as gl
from ..tools import reading_sheet as rs

LINES = [
    {"meter": "W-1", "subscription": "SUB/001", "citizen": "محمد عمرو", "previous": 120.5},
    {"meter": "00123", "subscription": "SUB/002", "citizen": "Sami Dudeen", "previous": 0.0},
]


@tagged("post_install", "-at_install")
class TestReadingSheetTools(BaseCase):
    def test_csv_written_and_read_back(self):
        data = rs.to_csv(rs.headers("ar_001"), rs.sheet_rows(LINES))
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"), "BOM: Excel opens the Arabic as Arabic")
        text = data.decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text)))
        self.assertEqual(header[0], "رقم العداد")
        records = list(rs.iter_records(data, "sheet.csv"))
        self.assertEqual([number for number, _record in records], [2, 3])
        self.assertEqual(records[0][1]["meter"], "W-1")
        self.assertEqual(records[0][1]["previous"], "120.5")
        self.assertEqual(records[1][1]["meter"], "00123")
        self.assertEqual(records[0][1]["value"], "")

    def test_xlsx_written_and_read_back(self):
        data = rs.to_xlsx(rs.headers("en_US"), rs.sheet_rows(LINES), title="W-01 2026-11", rtl=True)
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.worksheets[0]
        self.assertEqual(sheet.title, "W-01 2026-11")
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertEqual(sheet["A3"].value, "00123", "the meter stays text, zeros kept")
        self.assertEqual(sheet["D2"].value, 120.5)
        records = dict(rs.iter_records(data, "sheet.xlsx"))
        self.assertEqual(records[2]["meter"], "W-1")
        self.assertEqual(records[2]["citizen"], "محمد عمرو")
        self.assertEqual(records[3]["previous"], "0")

    def test_headers_arabic_english_any_order(self):
        for header in (
            ["Reading", "Note", "meter number"],
            ["القراءة", "ملاحظات", "رقم العدّاد"],  # shadda folded like the go-live headers
            ["القراءه", "ملاحظه", "العداد"],  # taa marbuta written as haa
        ):
            with self.subTest(header=header):
                data = gl_csv([header, ["٢٥٠", "x", "w-7"]])
                (number, record), = rs.iter_records(data, "f.csv")  # fmt: skip
                self.assertEqual(number, 2)
                self.assertEqual(record["value"], "٢٥٠")
                self.assertEqual(rs.normalise_meter(record["meter"]), "W-7")
        with self.assertRaises(gl.RowError) as caught:
            list(rs.iter_records(gl_csv([["Meter", "Note"], ["W-1", ""]]), "f.csv"))
        self.assertEqual(caught.exception.code, "missing_columns")
        self.assertEqual(caught.exception.params["columns"], "value")

    def test_normalise_reading(self):
        row = rs.normalise_reading({"meter": " w-٧ ", "value": "١٢٣٫٥", "date": "٠٥/١١/٢٠٢٦"})
        self.assertEqual(row["meter"], "W-7")
        self.assertEqual(row["value"], Decimal("123.5"))
        self.assertEqual(row["date"], datetime.date(2026, 11, 5))
        self.assertEqual(rs.normalise_reading({"meter": "1", "value": "1,234"})["value"], 1234)
        for record, code in (
            ({"meter": "", "value": "1"}, "no_meter"),
            ({"meter": "W-1", "value": ""}, "no_value"),
            ({"meter": "W-1", "value": "مغلق"}, "bad_value"),
            ({"meter": "W-1", "value": "-5"}, "bad_value"),
            ({"meter": "W-1", "value": "5", "date": "32/13/2026"}, "bad_date"),
        ):
            with self.subTest(record=record), self.assertRaises(gl.RowError) as caught:
                rs.normalise_reading(record)
            self.assertEqual(caught.exception.code, code)

    def test_repeats_and_dates(self):
        rows = [{"meter": "A"}, None, {"meter": "B"}, {"meter": "A"}, {"meter": "A"}]
        self.assertEqual(rs.repeats(rows), {3: 0, 4: 0})
        self.assertEqual(
            rs.period_bounds("2024-02"), (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
        )
        today = datetime.date(2026, 11, 20)
        self.assertEqual(rs.reading_date(None, "2026-11", today), today)
        self.assertEqual(rs.reading_date(None, "2026-10", today), datetime.date(2026, 10, 31))
        self.assertEqual(rs.reading_date(None, "2026-12", today), datetime.date(2026, 12, 1))
        self.assertEqual(
            [rs.format_index(v) for v in (4527.0, 1990.5, 0.125, 1234567.0, None)],
            ["4527", "1990.5", "0.125", "1234567", ""],
        )
        given = datetime.date(2026, 11, 3)
        self.assertEqual(rs.reading_date(given, "2026-10", today), given)


def gl_csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()
