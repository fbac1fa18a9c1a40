"""Reading sheets of a route: the file written for the readers' handhelds (CSV or XLSX) and the
same file read back once filled in, without the ORM.

The file has one row per meter of the route, in the route's order: meter number, subscription
reference, citizen, previous reading (given), then reading, date and note (to fill in). Its
headers are Arabic or English (:data:`HEADERS`); reading it back accepts either, in any order,
with the spellings of :data:`COLUMNS` (compared as the go-live import compares its headers), and
Arabic-Indic digits in the values. Files are read by :func:`golive_import.read_table`.

Every problem of a row is a :class:`golive_import.RowError` with a code; the model turns it into
a translated reason on the staging line.
"""

import calendar
import csv
import datetime
import io

import xlsxwriter

from odoo.addons.dura_sms_gateway.tools.digits import to_ascii_digits

from . import golive_import
from .golive_import import RowError

# canonical column -> accepted headers (compared after golive_import.normalise_header)
COLUMNS = {
    "meter": ("meter", "meter number", "meter no", "رقم العداد", "العداد"),
    "subscription": ("subscription", "subscription ref", "subscription reference", "reference",
                     "رقم الاشتراك", "الاشتراك", "مرجع الاشتراك"),
    "citizen": ("citizen", "name", "subscriber", "المواطن", "الاسم", "اسم المشترك", "المشترك"),
    "previous": ("previous reading", "last reading", "القراءة السابقة", "آخر قراءة"),
    "value": ("reading", "new reading", "current reading", "index", "القراءة",
              "القراءة الحالية", "القراءة الجديدة"),
    "date": ("date", "reading date", "التاريخ", "تاريخ القراءة"),
    "note": ("note", "notes", "remark", "ملاحظة", "ملاحظات"),
}  # fmt: skip
REQUIRED = ("meter", "value")
ORDER = ("meter", "subscription", "citizen", "previous", "value", "date", "note")
# the headers written: a file format read back by the import, fixed in the two languages it
# accepts (each is one of the COLUMNS spellings), hence not translated through the .po files
HEADERS = {
    "ar": ("رقم العداد", "رقم الاشتراك", "المواطن", "القراءة السابقة", "القراءة", "تاريخ القراءة",
           "ملاحظات"),
    "en": ("Meter Number", "Subscription Ref", "Citizen", "Previous Reading", "Reading", "Date",
           "Note"),
}  # fmt: skip


def headers(lang):
    """The export's header row for a language code (Arabic for ar_*, English otherwise)."""
    return list(HEADERS["ar" if (lang or "").startswith("ar") else "en"])


# ------------------------------------------------------------
# Writing
# ------------------------------------------------------------


def sheet_rows(lines):
    """Rows of the file for `lines` ({meter, subscription, citizen, previous}); the reading,
    date and note are left empty for the reader."""
    return [
        [line.get("meter") or "", line.get("subscription") or "", line.get("citizen") or "",
         format_index(line.get("previous")), "", "", ""]
        for line in lines
    ]  # fmt: skip


def to_csv(header, rows):
    """UTF-8 CSV with a byte order mark: Excel then opens the Arabic text as Arabic."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header, rows, title="", rtl=False):
    """One worksheet, right to left for an Arabic file; meter and reference as text (a meter
    number such as 00123 keeps its zeros), the previous reading as a number."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    # a worksheet's name: at most 31 characters, none of []:*?/\
    name = "".join(ch for ch in (title or "Sheet1") if ch not in "[]:*?/\\")[:31] or "Sheet1"
    sheet = book.add_worksheet(name)
    if rtl:
        sheet.right_to_left()
    bold = book.add_format({"bold": True, "bg_color": "#F1F5F6", "border": 1})
    text = book.add_format({"num_format": "@", "border": 1})
    number = book.add_format({"num_format": "0.###", "border": 1})
    box = book.add_format({"border": 1, "bg_color": "#FFFDE7"})
    sheet.write_row(0, 0, header, bold)
    for index, row in enumerate(rows, start=1):
        sheet.write_string(index, 0, str(row[0]), text)
        sheet.write_string(index, 1, str(row[1]), text)
        sheet.write_string(index, 2, str(row[2]), text)
        if row[3] is None or row[3] == "":
            sheet.write_blank(index, 3, None, number)
        else:
            sheet.write_number(index, 3, float(row[3]), number)
        for column in (4, 5, 6):
            sheet.write_blank(index, column, None, box)
    for column, width in enumerate((16, 16, 28, 16, 14, 14, 30)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


# ------------------------------------------------------------
# Reading back
# ------------------------------------------------------------


def iter_records(data, filename=""):
    """Yield (row number in the file, {canonical column: cell text}) for each data row."""
    header, rows = golive_import.read_table(data, filename)
    mapping = golive_import.match_headers(COLUMNS, header)
    missing = [key for key in REQUIRED if key not in mapping.values()]
    if missing:
        raise RowError("missing_columns", columns=", ".join(missing))
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        yield (
            number,
            {
                key: golive_import.cell_text(row[index])
                for index, key in mapping.items()
                if index < len(row)
            },
        )


def normalise_meter(value):
    return to_ascii_digits(value or "").strip().upper()


def normalise_reading(record):
    """Checked values of a row: meter, value (Decimal), date (or None), note."""
    meter = normalise_meter(record.get("meter"))
    if not meter:
        raise RowError("no_meter")
    if not record.get("value"):
        raise RowError("no_value", meter=meter)
    value = golive_import.parse_decimal(record.get("value"), "bad_value")
    return {
        "meter": meter,
        "value": value,
        "date": golive_import.parse_date(record.get("date")),
        "note": record.get("note", ""),
    }


def repeats(rows):
    """Meters written more than once: {index: index of its first row} for every later row.
    `rows` are normalised rows (None for refused ones)."""
    first, found = {}, {}
    for index, row in enumerate(rows):
        if row is None:
            continue
        if row["meter"] in first:
            found[index] = first[row["meter"]]
        else:
            first[row["meter"]] = index
    return found


def format_index(value):
    """A meter index as written on a sheet or in a reason: 4527, 1990.5 (no trailing zeros)."""
    if value is None or value == "":
        return ""
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def period_bounds(period):
    """(first day, last day) of a YYYY-MM period."""
    year, month = (int(part) for part in period.split("-"))
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def reading_date(date, period, today):
    """The date of a reading of `period` the file left undated: today within the period,
    else the period's last day (a late import) or its first (an early one)."""
    if date:
        return date
    first, last = period_bounds(period)
    return min(max(today, first), last)
