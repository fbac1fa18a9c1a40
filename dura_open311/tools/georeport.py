"""Open311 GeoReport v2 without the ORM: statuses, dates, POSTed attributes, JSON and XML bodies.

The spec (http://wiki.open311.org/GeoReport_v2/) shows every response in XML and says JSON follows
the same structure: a list of records (``services > service``, ``service_requests > request``,
``errors > error``) or one record (``service_definition``), with nested lists named in the plural
and their items in the singular (``attributes > attribute``, ``values > value``).
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# the request states of dura_municipal_requests, seen through GeoReport's two statuses
STATUS_BY_STATE = {
    "draft": "open",
    "awaiting_payment": "open",
    "filed": "open",
    "in_progress": "open",
    "on_hold": "open",
    "done": "closed",
    "rejected": "closed",
    "cancelled": "closed",
}
STATUSES = ("open", "closed")
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
MAX_DESCRIPTION = 4000
MAX_RANGE_DAYS = 90
# list elements: plural container -> item tag
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
_ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
_W3C = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)


# ------------------------------------------------------------
# statuses
# ------------------------------------------------------------


def status_of(state):
    """``open`` or ``closed`` for a request state."""
    return STATUS_BY_STATE[state]


def states_of(statuses):
    """The request states behind a collection of GeoReport statuses."""
    return sorted(state for state, status in STATUS_BY_STATE.items() if status in statuses)


def parse_statuses(text):
    """``"open,closed"`` -> ``{"open", "closed"}``; empty -> empty set; ValueError otherwise."""
    statuses = set(split_list(text))
    unknown = statuses - set(STATUSES)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return statuses


def split_list(text):
    """A comma-separated argument as a list of its non-empty, stripped items."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


# ------------------------------------------------------------
# dates
# ------------------------------------------------------------


def format_datetime(value):
    """A naive UTC datetime (Odoo's) as W3C text with its zone, e.g. 2026-11-28T13:52:10Z."""
    if not value:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def parse_datetime(text):
    """W3C date or date-time -> naive UTC datetime (Odoo's). No zone is read as UTC.

    Raises ValueError on anything else.
    """
    match = _W3C.match((text or "").strip())
    if not match:
        raise ValueError(text)
    year, month, day, hour, minute, second, zone = match.groups()
    value = datetime.datetime(
        int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
    )
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        value -= sign * offset
    return value


def end_of_day_utc(date, tz_name):
    """The last second of `date` in the time zone `tz_name`, as a naive UTC datetime.

    An SLA deadline is a day: the request is expected by the end of it, local time.
    """
    if not date:
        return None
    try:
        zone = ZoneInfo(tz_name or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = datetime.datetime.combine(date, datetime.time(23, 59, 59), tzinfo=zone)
    return local.astimezone(datetime.timezone.utc).replace(tzinfo=None)


# ------------------------------------------------------------
# POST requests: attributes
# ------------------------------------------------------------


def parse_attributes(items):
    """Form items ``(name, value)`` -> ``{code: value}`` for ``attribute[code]=value`` and
    ``{code: [values]}`` for ``attribute[code][]=v1&attribute[code][]=v2`` (multivaluelist)."""
    values = {}
    for name, value in items:
        match = _ATTRIBUTE_KEY.match(name)
        if not match:
            continue
        code, multi = match.groups()
        if multi:
            values.setdefault(code, [])
            if isinstance(values[code], list):
                values[code].append(value)
        else:
            values[code] = value
    return values


def check_attributes(definitions, values):
    """Check POSTed attribute values against their definitions.

    `definitions` is a list of dicts ``code, datatype, required, variable, keys`` (allowed keys of
    list attributes). Returns ``(clean_values, problems)``: the values kept (by code, only defined
    and variable attributes) and a list of ``(problem, code)`` with problem one of ``missing``,
    ``not_a_number``, ``not_a_datetime``, ``not_a_value``.
    """
    clean, problems = {}, []
    for definition in definitions:
        code = definition["code"]
        if not definition.get("variable", True):
            continue
        value = values.get(code)
        if isinstance(value, list):
            value = [item for item in value if item not in (None, "")]
        elif isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            if definition.get("required"):
                problems.append(("missing", code))
            continue
        datatype = definition["datatype"]
        if datatype == "multivaluelist":
            value = value if isinstance(value, list) else [value]
            if any(item not in definition.get("keys", ()) for item in value):
                problems.append(("not_a_value", code))
                continue
        elif isinstance(value, list):
            value = value[0]
        if datatype == "singlevaluelist" and value not in definition.get("keys", ()):
            problems.append(("not_a_value", code))
            continue
        if datatype == "number":
            try:
                float(value)
            except ValueError:
                problems.append(("not_a_number", code))
                continue
        if datatype == "datetime":
            try:
                parse_datetime(value)
            except ValueError:
                problems.append(("not_a_datetime", code))
                continue
        clean[code] = value
    return clean, problems


def parse_coordinate(text, bound):
    """A latitude (bound 90) or longitude (bound 180) from text; None when empty.

    Raises ValueError when it is not a number within the bound.
    """
    if text in (None, ""):
        return None
    value = float(text)
    if not -bound <= value <= bound:
        raise ValueError(text)
    return value


# ------------------------------------------------------------
# rendering
# ------------------------------------------------------------


def render(fmt, root, data):
    """The body of a response in `fmt` (``json`` or ``xml``).

    `data` is a list of dicts (its items are named after `root` through ITEM_TAGS) or one dict
    whose keys become the children of `root` (``service_definition``).
    """
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False)
    element = ET.Element(root)
    _fill(element, root, data)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode")


def errors(fmt, problems):
    """The standard's error body for `problems`, a list of ``(http_code, description)``."""
    return render(
        fmt,
        "errors",
        [{"code": code, "description": description} for code, description in problems],
    )


def _fill(element, tag, value):
    if isinstance(value, list):
        item_tag = ITEM_TAGS.get(tag, "item")
        for item in value:
            _fill(ET.SubElement(element, item_tag), item_tag, item)
    elif isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), key, child)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
