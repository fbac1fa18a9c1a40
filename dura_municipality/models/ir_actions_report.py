from odoo import models

PAPERFORMAT = "dura_municipality.paperformat_dura_body_only"


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
