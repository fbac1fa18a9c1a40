#!/usr/bin/env python3
"""Write the municipality dashboard (its spreadsheet JSON, in dura_municipality_dashboard).

Usage: scripts/build_dashboard.py [--check]

The dashboard is an Odoo spreadsheet (o-spreadsheet JSON, the format of Odoo 18.0's own
dashboards such as spreadsheet_dashboard_hr_expense): pivots and charts over the module's
figures models, cells with PIVOT formulas, scorecards. Writing it from this script keeps its
definition readable and reviewable; --check fails when the JSON file is not what the script
writes. Labels are `_t("...")` formulas and chart titles, which Odoo's translation export takes
into the module's .pot (files named *_dashboard.json under data/).
"""

import json
import sys
from pathlib import Path

TARGET = (
    Path(__file__).resolve().parent.parent
    / "dura_municipality_dashboard/data/files/municipality_dashboard.json"
)

REQUESTS = "dura.dashboard.request.report"
REVENUE = "dura.dashboard.revenue.report"
SMS = "dura.dashboard.sms.report"
# the citizens' ratings are the requests' own fields (dura_municipal_requests' feedback): read as
# they are, within the period of the answer
RATINGS = "dura.service.request"

# global filters (fixed ids: the pivots and charts refer to them)
PERIOD = "6f0c1c58-5a1e-4d38-9a31-1d0e2c7a0001"
DEPARTMENT = "6f0c1c58-5a1e-4d38-9a31-1d0e2c7a0002"
GLOBAL_FILTERS = [
    {
        "id": PERIOD,
        "type": "date",
        "label": "Period",
        "defaultValue": "last_year",
        "rangeType": "relative",
    },
    {
        "id": DEPARTMENT,
        "type": "relation",
        "label": "Department",
        "modelName": "dura.municipal.department",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
        "rangeType": "year",
    },
]
MATCHING = {
    REQUESTS: {
        PERIOD: {"chain": "date", "type": "date", "offset": 0},
        DEPARTMENT: {"chain": "department_id", "type": "many2one"},
    },
    REVENUE: {
        PERIOD: {"chain": "date", "type": "date", "offset": 0},
        DEPARTMENT: {"chain": "department_id", "type": "many2one"},
    },
    SMS: {PERIOD: {"chain": "date", "type": "date", "offset": 0}},
    RATINGS: {
        PERIOD: {"chain": "feedback_date", "type": "date", "offset": 0},
        DEPARTMENT: {"chain": "department_id", "type": "many2one"},
    },
}
# answers to the feedback SMS: a rating 1-5 (rated) or 0, not solved (unsolved, or reopened when
# the request went back to the department)
ANSWERS = ("rated", "unsolved", "reopened")

EVENTS = ("received", "filed", "done", "overdue")
OUTCOMES = ("sent", "failed", "waiting")
ROWS = 12  # lines of each table (departments, months, quarters)

STYLES = {
    "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},  # section title
    "2": {"textColor": "#434343", "bold": True, "fontSize": 11},  # column header
    "3": {"textColor": "#434343", "bold": True, "fontSize": 11, "align": "center"},
    "4": {"textColor": "#434343", "verticalAlign": "middle"},  # table body
    "5": {"textColor": "#434343", "bold": True, "fillColor": "#f8f9fa"},  # total line
    "6": {"fillColor": "#f8f9fa"},
    "7": {"textColor": "#434343", "verticalAlign": "middle", "align": "left"},  # row label
    "8": {"textColor": "#9a6700", "italic": True, "align": "left"},  # note
}
FORMATS = {"1": "0.0"}  # amounts keep their pivot format, with the currency
BORDERS = {"1": {"bottom": {"style": "thin", "color": "#B7B7B7"}}}
COLUMNS = "ABCDEFGH"


def measure(field, aggregator=None):
    if field == "__count":
        return {"id": "__count", "fieldName": "__count"}
    result = {"id": f"{field}:{aggregator}" if aggregator else field, "fieldName": field}
    if aggregator:
        result["aggregator"] = aggregator
    return result


def pivot(pid, name, model, rows, columns, measures, domain=()):
    return {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": model,
        "domain": list(domain),
        "context": {},
        "rows": rows,
        "columns": columns,
        "measures": measures,
        "sortedColumn": None,
        "fieldMatching": MATCHING[model],
    }


PIVOTS = {
    "1": pivot(
        "1",
        "Requests by department",
        REQUESTS,
        rows=[{"fieldName": "department_id"}],
        columns=[{"fieldName": "event"}],
        measures=[measure("__count"), measure("processing_days", "median")],
    ),
    "2": pivot(
        "2",
        "Requests by month",
        REQUESTS,
        rows=[{"fieldName": "date", "granularity": "month", "order": "desc"}],
        columns=[{"fieldName": "event"}],
        measures=[measure("__count"), measure("processing_days", "median")],
    ),
    "3": pivot(
        "3",
        "Service fees by department",
        REVENUE,
        rows=[{"fieldName": "department_id"}],
        columns=[],
        measures=[
            measure("amount_billed", "sum"),
            measure("amount_collected", "sum"),
            measure("amount_due", "sum"),
        ],
        domain=[["kind", "=", "fee"], ["company_currency", "=", True]],
    ),
    "4": pivot(
        "4",
        "Utility billing by quarter",
        REVENUE,
        rows=[{"fieldName": "quarter"}],
        columns=[{"fieldName": "utility"}],
        measures=[
            measure("amount_billed", "sum"),
            measure("amount_collected", "sum"),
            measure("amount_arrears", "sum"),
        ],
        domain=[["kind", "=", "utility"], ["company_currency", "=", True]],
    ),
    "5": pivot(
        "5",
        "SMS by month",
        SMS,
        rows=[{"fieldName": "date", "granularity": "month", "order": "desc"}],
        columns=[{"fieldName": "outcome"}],
        measures=[
            measure("__count"),
            measure("cost_company_currency", "sum"),
            measure("segments", "sum"),
        ],
    ),
    # what the money tables leave out rather than convert: invoices and SMS charged in another
    # currency than the company's (a note under the table says so)
    "6": pivot(
        "6",
        "Invoices in another currency",
        REVENUE,
        rows=[],
        columns=[{"fieldName": "kind"}],
        measures=[measure("__count")],
        domain=[["company_currency", "=", False]],
    ),
    "7": pivot(
        "7",
        "SMS charged in another currency",
        SMS,
        rows=[],
        columns=[],
        measures=[measure("__count")],
        domain=[["company_currency", "=", False], ["cost", ">", 0]],
    ),
    "8": pivot(
        "8",
        "Citizen ratings by department",
        RATINGS,
        rows=[{"fieldName": "department_id"}],
        columns=[{"fieldName": "feedback_state"}],
        measures=[measure("__count"), measure("feedback_rating", "avg")],
        domain=[["feedback_state", "in", list(ANSWERS)]],
    ),
    "9": pivot(
        "9",
        "Citizen ratings by service",
        RATINGS,
        rows=[{"fieldName": "service_type_id"}],
        columns=[{"fieldName": "feedback_state"}],
        measures=[measure("__count"), measure("feedback_rating", "avg")],
        domain=[["feedback_state", "in", list(ANSWERS)]],
    ),
}


class Sheet:
    def __init__(self, sheet_id, name, widths):
        self.data = {
            "id": sheet_id,
            "name": name,
            "colNumber": len(widths),
            "rowNumber": 100,
            "rows": {},
            "cols": {str(i): {"size": w} for i, w in enumerate(widths)},
            "merges": [],
            "cells": {},
            "styles": {},
            "formats": {},
            "borders": {},
            "conditionalFormats": [],
            "figures": [],
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "dataValidationRules": [],
            "comments": {},
        }

    def cell(self, ref, content, style=None, fmt=None, border=None):
        self.data["cells"][ref] = {"content": content}
        if style:
            self.data["styles"][ref] = int(style)
        if fmt:
            self.data["formats"][ref] = int(fmt)
        if border:
            self.data["borders"][ref] = int(border)

    def row_height(self, row, size):
        self.data["rows"][str(row - 1)] = {"size": size}

    def figure(self, fid, x, y, width, height, data):
        self.data["figures"].append(
            {
                "id": fid,
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "tag": "chart",
                "data": data,
            }
        )


def month_header(pivot_id, position):
    # a month position with no data is an error for PIVOT.HEADER (not for PIVOT.VALUE): blank
    return f'=IFERROR(PIVOT.HEADER({pivot_id},"#date:month",{position}),"")'


def t(text):
    return f'=_t("{text}")'


def table(sheet, row, title, headers, lines, total=None):
    """A section title at `row`, a header line, `lines` (lists of formulas), an optional total
    line; the row after it."""
    sheet.cell(f"A{row}", t(title), style=1)
    sheet.row_height(row, 40)
    for col, (header, _fmt) in zip(COLUMNS, headers, strict=False):
        sheet.cell(f"{col}{row + 1}", t(header), style=2 if col == "A" else 3, border=1)
    sheet.row_height(row + 1, 30)
    for index, line in enumerate(lines):
        for col, (content, (_header, fmt)) in zip(
            COLUMNS, zip(line, headers, strict=True), strict=False
        ):
            sheet.cell(f"{col}{row + 2 + index}", content, style=7 if col == "A" else 4, fmt=fmt)
    end = row + 2 + len(lines)
    if total:
        for col, (content, (_header, fmt)) in zip(
            COLUMNS, zip(total, headers, strict=True), strict=False
        ):
            sheet.cell(f"{col}{end}", content, style=5, fmt=fmt)
        end += 1
    return end + 1


def other_currency_note(sheet, row, count, text):
    """A line under a money table (the blank row `table` leaves after it) naming what the table
    leaves out: amounts in another currency are counted, never converted."""
    count = count.lstrip("=")
    sheet.cell(f"A{row - 1}", f'=IF({count}+0>0,{count}+0&" "&_t("{text}"),"")', style=8)
    return row


def scorecard(title, key, background):
    return {
        "type": "scorecard",
        "title": {"text": title, "bold": True, "color": "#434343"},
        "background": background,
        "keyValue": key,
        "baselineMode": "difference",
        "baselineColorDown": "#DC6965",
        "baselineColorUp": "#00A04A",
        "humanize": False,
    }


def bar_chart(title, model, group_by, measure_name, domain=(), stacked=False):
    return {
        "type": "odoo_bar",
        # named by the section title above it
        "title": {"text": ""},
        "background": "#FFFFFF",
        "legendPosition": "top",
        "verticalAxisPosition": "left",
        "stacked": stacked,
        "metaData": {
            "groupBy": group_by,
            "measure": measure_name,
            "order": None,
            "resModel": model,
            "mode": "bar",
        },
        "searchParams": {
            "comparison": None,
            "context": {},
            "domain": list(domain),
            "groupBy": group_by,
            "orderBy": [],
        },
        "fieldMatching": MATCHING[model],
    }


def build():
    dashboard = Sheet("dura-dashboard", "Dashboard", [240, 130, 130, 130, 130, 130, 130])
    data = Sheet("dura-dashboard-data", "Data", [200, 120, 120])

    # key figures (the Data sheet), shown as scorecards at the top
    kpis = [
        ("Requests received", '=PIVOT.VALUE(1,"__count","event","received")', "#EFF6FF"),
        ("Requests done", '=PIVOT.VALUE(1,"__count","event","done")', "#EFF6FF"),
        ("Requests overdue", '=PIVOT.VALUE(1,"__count","event","overdue")', "#FFF7ED"),
        ("Median processing days", '=ROUND(PIVOT.VALUE(1,"processing_days:median"),1)', "#EFF6FF"),
        ("Fees collected", '=PIVOT.VALUE(3,"amount_collected:sum")', "#F0FDF4"),
        ("Utility billed", '=PIVOT.VALUE(4,"amount_billed:sum")', "#F0FDF4"),
        ("Utility arrears", '=PIVOT.VALUE(4,"amount_arrears:sum")', "#FFF7ED"),
        ("SMS sent", '=PIVOT.VALUE(5,"__count","outcome","sent")', "#EFF6FF"),
    ]
    for index, (title, formula, background) in enumerate(kpis, start=1):
        data.cell(f"A{index}", t(title))
        # +0: a figure of nothing is 0, not blank
        data.cell(f"B{index}", f"{formula}+0")
        data.cell(
            f"C{index}",
            f"=FORMAT.LARGE.NUMBER(B{index})" if index in (5, 6, 7) else f"=B{index}",
            fmt="1" if index == 4 else None,
        )
        x, y = 210 * ((index - 1) % 4), 12 + 116 * ((index - 1) // 4)
        dashboard.figure(
            f"dura-kpi-{index}", x, y, 200, 106, scorecard(title, f"Data!C{index}", background)
        )

    row = 12  # below the scorecards
    dashboard.cell(f"A{row}", t("Requests per month"), style=1)
    dashboard.row_height(row, 40)
    dashboard.figure(
        "dura-chart-requests",
        0,
        23 * 11 + 40,
        960,
        300,
        bar_chart("Requests per month", REQUESTS, ["date:month", "event"], "__count"),
    )
    row += 15

    count = '=PIVOT.VALUE({p},"__count","#{dim}",{i},"event","{event}")'
    median = '=PIVOT.VALUE({p},"processing_days:median","#{dim}",{i})'
    # labels of their own: a bare _t("Done") would take whichever module's translation of
    # "Done" the web client has
    headers = [
        ("Department", None),
        ("Requests received", None),
        ("Requests filed", None),
        ("Requests done", None),
        ("Requests overdue", None),
        ("Median days", 1),
    ]
    lines = [
        [f'=PIVOT.HEADER(1,"#department_id",{i})']
        + [count.format(p=1, dim="department_id", i=i, event=e) for e in EVENTS]
        + [median.format(p=1, dim="department_id", i=i)]
        for i in range(1, ROWS + 1)
    ]
    total = (
        [t("Total")]
        + [f'=PIVOT.VALUE(1,"__count","event","{e}")' for e in EVENTS]
        + ['=PIVOT.VALUE(1,"processing_days:median")']
    )
    row = table(dashboard, row, "Requests by department", headers, lines, total)

    headers[0] = ("Month", None)
    lines = [
        [month_header(2, i)]
        + [count.format(p=2, dim="date:month", i=i, event=e) for e in EVENTS]
        + [median.format(p=2, dim="date:month", i=i)]
        for i in range(1, ROWS + 1)
    ]
    row = table(dashboard, row, "Requests by month", headers, lines)

    headers = [("Department", None), ("Billed", None), ("Collected", None), ("Due", None)]
    lines = [
        [f'=PIVOT.HEADER(3,"#department_id",{i})']
        + [
            f'=PIVOT.VALUE(3,"{m}:sum","#department_id",{i})'
            for m in ("amount_billed", "amount_collected", "amount_due")
        ]
        for i in range(1, ROWS + 1)
    ]
    total = [t("Total")] + [
        f'=PIVOT.VALUE(3,"{m}:sum")' for m in ("amount_billed", "amount_collected", "amount_due")
    ]
    row = table(dashboard, row, "Service fees by department", headers, lines, total)
    row = other_currency_note(
        dashboard,
        row,
        '=PIVOT.VALUE(6,"__count","kind","fee")',
        "fee invoice(s) in another currency, not in these totals",
    )

    utility_measures = ("amount_billed", "amount_collected", "amount_arrears")
    headers = [
        ("Quarter (neighbourhood)", None),
        ("Electricity billed", None),
        ("Electricity collected", None),
        ("Electricity arrears", None),
        ("Water billed", None),
        ("Water collected", None),
        ("Water arrears", None),
    ]
    lines = [
        [f'=PIVOT.HEADER(4,"#quarter",{i})']
        + [
            f'=PIVOT.VALUE(4,"{m}:sum","#quarter",{i},"utility","{u}")'
            for u in ("electricity", "water")
            for m in utility_measures
        ]
        for i in range(1, ROWS + 1)
    ]
    total = [t("Total")] + [
        f'=PIVOT.VALUE(4,"{m}:sum","utility","{u}")'
        for u in ("electricity", "water")
        for m in utility_measures
    ]
    row = table(dashboard, row, "Utility billing by quarter", headers, lines, total)
    row = other_currency_note(
        dashboard,
        row,
        '=PIVOT.VALUE(6,"__count","kind","utility")',
        "bill(s) in another currency, not in these totals",
    )
    dashboard.cell(f"A{row}", t("Utility billed per calendar quarter"), style=1)
    dashboard.row_height(row, 40)
    dashboard.figure(
        "dura-chart-utility",
        0,
        0,
        960,
        300,
        bar_chart(
            "Utility billed per calendar quarter",
            REVENUE,
            ["date:quarter", "utility"],
            "amount_billed",
            domain=[["kind", "=", "utility"]],
        ),
    )
    chart_row = row
    row += 15

    headers = [
        ("Month", None),
        ("SMS sent", None),
        ("SMS failed", None),
        ("SMS waiting", None),
        ("SMS cost", None),
        ("SMS segments", None),
    ]
    lines = [
        [month_header(5, i)]
        + [f'=PIVOT.VALUE(5,"__count","#date:month",{i},"outcome","{o}")' for o in OUTCOMES]
        + [
            f'=PIVOT.VALUE(5,"cost_company_currency:sum","#date:month",{i})',
            f'=PIVOT.VALUE(5,"segments:sum","#date:month",{i})',
        ]
        for i in range(1, ROWS + 1)
    ]
    total = (
        [t("Total")]
        + [f'=PIVOT.VALUE(5,"__count","outcome","{o}")' for o in OUTCOMES]
        + ['=PIVOT.VALUE(5,"cost_company_currency:sum")', '=PIVOT.VALUE(5,"segments:sum")']
    )
    row = table(dashboard, row, "SMS per month", headers, lines, total)
    row = other_currency_note(
        dashboard,
        row,
        '=PIVOT.VALUE(7,"__count")',
        "SMS charged in another currency, not in the cost column",
    )

    # the average is of the ratings only: a 0 (not solved) is counted apart, not as a bad mark
    headers = [
        ("Department", None),
        ("Ratings", None),
        ("Average rating", 1),
        ("Not solved", None),
        ("Reopened", None),
    ]
    for pivot_id, dim, title in (
        (8, "department_id", "Citizen ratings by department"),
        (9, "service_type_id", "Citizen ratings by service"),
    ):
        cells = {
            "count": '=PIVOT.VALUE({p},"__count","#{dim}",{i},"feedback_state","{a}")',
            "avg": '=PIVOT.VALUE({p},"feedback_rating:avg","#{dim}",{i},"feedback_state","rated")',
        }
        lines = [
            [f'=PIVOT.HEADER({pivot_id},"#{dim}",{i})']
            + [cells["count"].format(p=pivot_id, dim=dim, i=i, a="rated")]
            + [cells["avg"].format(p=pivot_id, dim=dim, i=i)]
            + [cells["count"].format(p=pivot_id, dim=dim, i=i, a=a) for a in ANSWERS[1:]]
            for i in range(1, ROWS + 1)
        ]
        total = (
            [t("Total")]
            + [f'=PIVOT.VALUE({pivot_id},"__count","feedback_state","rated")']
            + [f'=PIVOT.VALUE({pivot_id},"feedback_rating:avg","feedback_state","rated")']
            + [f'=PIVOT.VALUE({pivot_id},"__count","feedback_state","{a}")' for a in ANSWERS[1:]]
        )
        row = table(dashboard, row, title, headers, lines, total)
        headers[0] = ("Service", None)
    dashboard.data["rowNumber"] = row + 5

    # figures are placed in pixels: the second chart under its title's row
    heights = {int(k) + 1: v["size"] for k, v in dashboard.data["rows"].items()}
    top = sum(heights.get(r, 23) for r in range(1, chart_row + 1))
    dashboard.data["figures"][-1]["y"] = top

    return {
        "version": 21,
        "sheets": [dashboard.data, data.data],
        "styles": STYLES,
        "formats": FORMATS,
        "borders": BORDERS,
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 7,
            }
        },
        "pivots": PIVOTS,
        "pivotNextId": len(PIVOTS) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": GLOBAL_FILTERS,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


def main(argv):
    text = json.dumps(build(), indent=4, ensure_ascii=False) + "\n"
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(
                f"{TARGET} is not what scripts/build_dashboard.py writes: run it", file=sys.stderr
            )
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
