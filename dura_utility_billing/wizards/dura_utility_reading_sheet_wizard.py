import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.dura_utility_reading import PERIOD_RE
from ..tools import reading_sheet


class DuraUtilityReadingSheetWizard(models.TransientModel):
    """The reading sheet of one or more routes for a period: printed for a reader on foot, or
    exported for a handheld (CSV or XLSX, read back by the reading import)."""

    _name = "dura.utility.reading.sheet.wizard"
    _description = "Reading Sheet"

    def _default_period(self):
        return fields.Date.context_today(self).strftime("%Y-%m")

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    route_ids = fields.Many2many("dura.utility.route", string="Reading Routes", required=True)
    period = fields.Char(required=True, default=_default_period, help="Period to read, YYYY-MM.")
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("csv", "CSV")], "Export Format", required=True, default="xlsx"
    )
    export_file = fields.Binary("File", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("period")
    def _check_period(self):
        for wizard in self:
            if not PERIOD_RE.match(wizard.period or ""):
                raise ValidationError(
                    self.env._("The period %s must be written YYYY-MM.", wizard.period)
                )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_print(self):
        self.ensure_one()
        return self.env.ref("dura_utility_billing.action_report_reading_sheet").report_action(
            self.route_ids, data={"period": self.period, "route_ids": self.route_ids.ids}
        )

    def action_export(self):
        """Write the file into the wizard, which shows it to download."""
        self.ensure_one()
        lines = self.route_ids._sheet_lines(self.period)
        rows = []
        for route in self.route_ids:
            rows += reading_sheet.sheet_rows(
                {
                    "meter": line["meter"],
                    "subscription": line["subscription_name"],
                    "citizen": line["citizen"],
                    "previous": line["previous"],
                }
                for line in lines[route]
            )
        if not rows:
            raise UserError(self.env._("The selected routes have no open subscription."))
        lang = self.env.lang or "en_US"
        header = reading_sheet.headers(lang)
        title = "-".join(route.code or route.name for route in self.route_ids)
        if self.file_format == "csv":
            content = reading_sheet.to_csv(header, rows)
        else:
            content = reading_sheet.to_xlsx(
                header, rows, title=f"{title} {self.period}", rtl=lang.startswith("ar")
            )
        self.write(
            {
                "export_file": base64.b64encode(content),
                "export_filename": f"{title}-{self.period}.{self.file_format}".replace("/", "-"),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Reading Sheet"),
        }
