from odoo import api, fields, models


class ReportReadingSheet(models.AbstractModel):
    """Values of the printed reading sheet: the routes, the period (from the wizard's data,
    else the current month) and each route's meters in the order of the walk."""

    _name = "report.dura_utility_billing.report_reading_sheet"
    _description = "Reading Sheet Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        # the web client sends the wizard's data without the ids, which are in the data
        routes = self.env["dura.utility.route"].browse(docids or data.get("route_ids") or [])
        period = data.get("period") or fields.Date.context_today(self).strftime("%Y-%m")
        return {
            "doc_ids": routes.ids,
            "doc_model": "dura.utility.route",
            "docs": routes,
            "period": period,
            "lines": routes._sheet_lines(period),
        }
