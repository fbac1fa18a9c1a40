import io
import logging
import subprocess

import lxml.html

from odoo import models

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

PAPERFORMAT = "dura_municipality.paperformat_dura_body_only"
# documents joined into one wkhtmltopdf input: a billing run prints thousands of bills, and a
# bounded page keeps wkhtmltopdf's memory and time per call bounded. Odoo rewrites a page of 4 MiB
# or more through lxml without its doctype (ir_actions_report._run_wkhtmltopdf), which renders it
# in quirks mode, where tables do not inherit the text alignment (measured: a bill's English
# name under the Arabic one moved to the left edge of the page): stay below that.
DOCUMENTS_PER_CALL = 100
CHARACTERS_PER_CALL = 3 * 1024 * 1024


def _takes_one_input_only():
    """Debian's wkhtmltopdf is built with unpatched Qt, and then refuses more than one input
    document ("does not support more than one input document", exit code 1): Odoo passes one
    per record, so no print of two records or more comes out. ``--version`` of a patched build
    says "(with patched qt)"."""
    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, check=False, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return b"patched qt" not in out


ONE_INPUT_ONLY = _takes_one_input_only()


def split_bodies(bodies, size=CHARACTERS_PER_CALL, count=DOCUMENTS_PER_CALL):
    """`bodies` in consecutive parts of at most `count` documents and, unless one document is
    larger alone, at most `size` characters."""
    parts, part, length = [], [], 0
    for body in bodies:
        if part and (len(part) >= count or length + len(body) > size):
            parts.append(part)
            part, length = [], 0
        part.append(body)
        length += len(body)
    if part:
        parts.append(part)
    return parts


def join_bodies(bodies):
    """One HTML page holding the documents of `bodies` (the pages Odoo gives wkhtmltopdf, one
    per record), each starting on a new page in its own direction (Arabic or English). The
    first page's head (the report's assets) serves them all: they come from one report."""
    root = lxml.html.document_fromstring(bodies[0])
    body = root.body
    first = lxml.html.Element("div", dir=body.get("dir") or "ltr")
    first.extend(list(body))
    body.append(first)
    for html in bodies[1:]:
        other = lxml.html.document_fromstring(html).body
        page = lxml.html.Element(
            "div", dir=other.get("dir") or "ltr", style="page-break-before: always;"
        )
        page.extend(list(other))
        body.append(page)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        """Odoo's own invoice reports (Print menu, Send & Print, the portal) print fee invoices
        and utility bills with the Dura templates (``_get_name_invoice_report``), but on the
        company's paperformat, whose top margin keeps room for a header Debian's wkhtmltopdf
        never prints. When every document of the print is on the Dura letterhead, the root
        tag's ``data-report-*`` attributes (which Odoo puts before the paperformat) give the
        letterhead the Dura paperformat's top margin instead."""
        data = super()._get_rendering_context(report, docids, data)
        docs = data.get("docs")
        if (
            docs
            and isinstance(docs, models.BaseModel)
            and hasattr(docs, "_get_name_invoice_report")
            and all(doc._get_name_invoice_report().startswith("dura_") for doc in docs)
        ):
            paperformat = self.env.ref(PAPERFORMAT)
            if report.get_paperformat() != paperformat:
                data.setdefault("data_report_margin_top", paperformat.margin_top)
                data.setdefault("data_report_header_spacing", paperformat.header_spacing)
        return data

    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, **kwargs):
        """With a wkhtmltopdf that takes one input document only (see _takes_one_input_only),
        print several records (a billing run's bills, a selection of invoices) as one input:
        the documents joined into one HTML page, each from a new page (join_bodies), by parts
        (split_bodies), the parts then merged; the rest of the call is Odoo's."""
        if len(bodies) < 2 or not ONE_INPUT_ONLY:
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, **kwargs
            )
        parts = [
            super(IrActionsReport, self)._run_wkhtmltopdf(
                [join_bodies(part)],
                report_ref=report_ref,
                header=header,
                footer=footer,
                **kwargs,
            )
            for part in split_bodies(bodies)
        ]
        if len(parts) == 1:
            return parts[0]
        return self._merge_pdfs([io.BytesIO(part) for part in parts]).getvalue()
