"""Go-live import: read the municipality's spreadsheets and normalise their rows, without the ORM.

Two kinds of file: *citizens* (name, national id, mobile) and *subscriptions* (citizen, meter,
utility, tariff, mode, quarter, route, last reading, open balance). Headers may be Arabic or
English (:data:`COLUMNS`); files are CSV (UTF-8, or Windows-1256 as Excel saves Arabic) or XLSX.

Every problem found in a row is a :class:`RowError` with a code and parameters: the model turns
it into a translated reason on the staging line, and the row is refused alone.

Palestinian national id (the population registry's ID card number, the same scheme as Israel's
"teudat zehut"): 9 digits (shorter ones are written with leading zeros), the last a check digit.
Weights 1, 2, 1, 2, ... from the left; a product above 9 counts as the sum of its digits; the
total is a multiple of 10. With 9 digits this is exactly Luhn counted from the right (the check
digit has weight 1), so ``stdnum.luhn`` agrees; it is written out here to be read and tested.
"""

import csv
import datetime
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import openpyxl

from odoo.addons.dura_sms_gateway.tools.digits import to_ascii_digits
from odoo.addons.dura_sms_gateway.tools.phone_numbers import check_number, subscriber_key

KINDS = ("citizens", "subscriptions")

# canonical column -> accepted headers (compared after normalise_header)
_CITIZEN = {
    "name": ("name", "full name", "citizen", "citizen name", "الاسم", "اسم المواطن",
             "الاسم الكامل", "اسم المشترك"),
    "national_id": ("national id", "id number", "national id number", "identity number",
                    "رقم الهوية", "الهوية", "رقم الهوية الوطنية"),
    "mobile": ("mobile", "mobile number", "phone", "phone number", "jawwal", "الجوال",
               "رقم الجوال", "الهاتف", "رقم الهاتف", "الموبايل", "المحمول", "رقم المحمول"),
    "address": ("address", "street", "العنوان"),
    "lang": ("language", "lang", "اللغة"),
}  # fmt: skip
_SUBSCRIPTION = {
    "national_id": _CITIZEN["national_id"],
    "mobile": _CITIZEN["mobile"],
    "meter": ("meter", "meter number", "meter no", "رقم العداد", "العداد"),
    "utility": ("utility", "service", "الخدمة", "نوع الخدمة"),
    "tariff": ("tariff", "التعرفة", "التعريفة"),
    "billing_mode": ("billing mode", "mode", "payment mode", "طريقة الدفع", "نظام الدفع",
                     "نوع الاشتراك"),
    "quarter": ("quarter", "neighbourhood", "neighborhood", "الحي", "المنطقة"),
    "address": _CITIZEN["address"],
    # the reading route, found by name (or code) or created when confirmed
    "route": ("route", "reading route", "خط القراءة", "المسار"),
    "last_reading": ("last reading", "opening reading", "reading", "آخر قراءة",
                     "القراءة الأخيرة", "القراءة"),
    "reading_date": ("reading date", "last reading date", "تاريخ القراءة", "تاريخ آخر قراءة"),
    "balance": ("open balance", "opening balance", "balance", "arrears", "الرصيد",
                "الرصيد المستحق", "الذمم", "المبلغ المستحق"),
    "start_date": ("start date", "تاريخ الاشتراك", "تاريخ البدء"),
}  # fmt: skip
COLUMNS = {"citizens": _CITIZEN, "subscriptions": _SUBSCRIPTION}
REQUIRED = {"citizens": ("name",), "subscriptions": ("meter", "utility")}

UTILITY_WORDS = {
    "electricity": ("electricity", "electric", "power", "كهرباء", "الكهرباء"),
    "water": ("water", "مياه", "المياه", "ماء", "الماء"),
}
MODE_WORDS = {
    "prepaid": ("prepaid", "card", "مسبق الدفع", "الدفع المسبق", "بطاقة", "كرت", "مسبق"),
    "postpaid": ("postpaid", "invoice", "bill", "فاتورة", "آجل", "شهري", "فواتير"),
}
LANG_WORDS = {"ar_001": ("ar", "arabic", "عربي", "العربية"), "en_US": ("en", "english", "انجليزي")}

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


class RowError(Exception):
    """Why one row is refused: ``code`` names the reason, ``params`` fill its message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# ------------------------------------------------------------
# Reading files
# ------------------------------------------------------------


def normalise_header(text):
    """Header as compared: case and spacing ignored, Arabic diacritics, tatweel and the
    alef/hamza, taa marbuta and alef maqsura spellings folded (ة = ه, ى = ي, أ/إ/آ = ا)."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    text = _DIACRITICS.sub("", text)
    text = text.translate(str.maketrans("أإآةى_-", "اااهي  "))
    return " ".join(text.split())


def _lookup(table):
    return {normalise_header(alias): key for key, aliases in table.items() for alias in aliases}


def read_table(data, filename=""):
    """(headers, rows) of a CSV or XLSX file given as bytes; rows are lists of cell values
    (str for CSV; str, numbers or dates for XLSX), completely empty rows left out."""
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        rows = _read_xlsx(data)
    else:
        rows = _read_csv(data)
    rows = [row for row in rows if any(str(cell).strip() for cell in row if cell is not None)]
    if not rows:
        raise RowError("empty_file")
    return [str(cell or "").strip() for cell in rows[0]], rows[1:]


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1256"):  # cp1256: Excel's "CSV" on an Arabic Windows
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RowError("bad_encoding")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(data):
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise RowError("bad_xlsx", error=str(error)) from error
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def match_headers(table, headers):
    """{column index: canonical column} of the `headers` found in `table` ({canonical column:
    accepted headers}); the first of two headers meaning one column wins."""
    lookup = _lookup(table)
    mapping = {}
    for index, header in enumerate(headers):
        key = lookup.get(normalise_header(header))
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


def map_headers(kind, headers):
    """{column index: canonical column} for `kind`; raises when a required column is missing."""
    mapping = match_headers(COLUMNS[kind], headers)
    missing = [key for key in REQUIRED[kind] if key not in mapping.values()]
    if kind == "subscriptions" and not {"national_id", "mobile"} & set(mapping.values()):
        missing.append("national_id")
    if missing:
        raise RowError("missing_columns", columns=", ".join(missing))
    return mapping


def iter_records(kind, data, filename=""):
    """Yield (row number in the file, {canonical column: cell text}) for each data row."""
    headers, rows = read_table(data, filename)
    mapping = map_headers(kind, headers)
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        yield (
            number,
            {key: cell_text(row[index]) for index, key in mapping.items() if index < len(row)},
        )


def cell_text(value):
    """A cell's value as text: dates ISO, whole floats without decimals, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # XLSX stores 599123456 and 12.0 as floats
    return " ".join(str(value).split())


# ------------------------------------------------------------
# Values
# ------------------------------------------------------------


def national_id_check_digit(first_eight):
    """Check digit of the 8 first digits (weights 1, 2, 1, 2, ... from the left)."""
    total = 0
    for position, char in enumerate(first_eight):
        product = int(char) * (1 + position % 2)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


def compact_national_id(value):
    """ASCII digits without spaces or dashes, zero-padded to 9 when 5 to 8 digits long."""
    digits = "".join(ch for ch in to_ascii_digits(value) if not ch.isspace() and ch not in "-.")
    if digits.isdigit() and 5 <= len(digits) < 9:
        digits = digits.zfill(9)
    return digits


def check_national_id(value):
    """The national id as 9 ASCII digits, '' when none was given; RowError when invalid."""
    digits = compact_national_id(value)
    if not digits:
        return ""
    if (
        len(digits) != 9
        or not (digits.isascii() and digits.isdigit())
        or set(digits) == {"0"}
        or national_id_check_digit(digits[:8]) != digits[8]
    ):
        raise RowError("bad_national_id", value=value)
    return digits


def check_mobile(value):
    """(E.164 number, subscriber key) or ('', '') when none; RowError when unusable for SMS."""
    if not value:
        return "", ""
    result = check_number(value)
    if not result.e164 or result.code not in (None, "foreign"):
        raise RowError("bad_mobile", value=value, reason=result.reason or "")
    return result.e164, subscriber_key(result.e164)


def parse_decimal(value, code="bad_number"):
    """A non-negative amount or index; Arabic digits and the Arabic decimal sign accepted."""
    if not value:
        return None
    text = to_ascii_digits(value).replace("٫", ".").replace("٬", ",").replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowError(code, value=value) from None
    if not number.is_finite() or number < 0:
        raise RowError(code, value=value)
    return number


def parse_date(value, code="bad_date"):
    if not value:
        return None
    text = to_ascii_digits(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(code, value=value)


def _choice(value, words, code):
    if not value:
        return None
    wanted = normalise_header(value)
    for key, spellings in words.items():
        if wanted == key or wanted in {normalise_header(word) for word in spellings}:
            return key
    raise RowError(code, value=value)


# ------------------------------------------------------------
# Rows
# ------------------------------------------------------------


def normalise_citizen(record):
    """Checked values of a citizen row: name, national_id, mobile, mobile_key, address, lang."""
    name = record.get("name", "")
    if not name:
        raise RowError("no_name")
    national_id = check_national_id(record.get("national_id"))
    mobile, key = check_mobile(record.get("mobile"))
    if not national_id and not mobile:
        raise RowError("no_identity")
    return {
        "name": name,
        "national_id": national_id,
        "mobile": mobile,
        "mobile_key": key,
        "address": record.get("address", ""),
        "lang": _choice(record.get("lang"), LANG_WORDS, "bad_lang") or "ar_001",
    }


def normalise_subscription(record):
    """Checked values of a subscription row; the citizen, tariff and meter are found later."""
    meter = to_ascii_digits(record.get("meter", "")).strip().upper()
    if not meter:
        raise RowError("no_meter")
    national_id = check_national_id(record.get("national_id"))
    mobile, key = check_mobile(record.get("mobile"))
    if not national_id and not mobile:
        raise RowError("no_citizen")
    utility = _choice(record.get("utility"), UTILITY_WORDS, "bad_utility")
    if not utility:
        raise RowError("bad_utility", value="")
    reading = parse_decimal(record.get("last_reading"), "bad_reading")
    return {
        "national_id": national_id,
        "mobile": mobile,
        "mobile_key": key,
        "meter": meter,
        "utility": utility,
        "tariff": record.get("tariff", ""),
        "billing_mode": _choice(record.get("billing_mode"), MODE_WORDS, "bad_mode") or "postpaid",
        "quarter": record.get("quarter", ""),
        "address": record.get("address", ""),
        "route": record.get("route", ""),
        "last_reading": reading,
        "reading_date": parse_date(record.get("reading_date")),
        "balance": parse_decimal(record.get("balance"), "bad_balance"),
        "start_date": parse_date(record.get("start_date")),
    }


def merge_citizens(rows):
    """Merge the file's duplicates: {index of a row: index of the earlier row it repeats}.

    `rows` are normalised citizen rows (None for refused ones). Same national id: one citizen.
    Same subscriber (+970 and +972 spellings included) when at least one of the two rows has
    no national id. Two different national ids on one number are two citizens sharing a
    phone (a family's), and stay apart."""
    by_id, by_key, merged = {}, {}, {}
    for index, row in enumerate(rows):
        if row is None:
            continue
        target = by_id.get(row["national_id"]) if row["national_id"] else None
        if target is None and row["mobile_key"] in by_key:
            candidate = by_key[row["mobile_key"]]
            if not row["national_id"] or not rows[candidate]["national_id"]:
                target = candidate
        if target is not None:
            merged[index] = target
            # the kept row learns what only the repeat had (then matches on it, too)
            kept = rows[target]
            for field in ("national_id", "mobile", "mobile_key", "address"):
                if not kept[field] and row[field]:
                    kept[field] = row[field]
            if kept["national_id"]:
                by_id.setdefault(kept["national_id"], target)
            continue
        if row["national_id"]:
            by_id[row["national_id"]] = index
        if row["mobile_key"]:
            by_key.setdefault(row["mobile_key"], index)
    return merged
