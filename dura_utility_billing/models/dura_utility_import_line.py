from odoo import fields, models

from .dura_utility_tariff import UTILITIES

LINE_STATUSES = [
    ("new", "To Create"),
    ("created", "Created"),
    ("matched", "Matched"),
    ("merged", "Merged"),
    ("refused", "Refused"),
]


class DuraUtilityImportLine(models.Model):
    """One row of a go-live file, with one status and the reason for it: the import's report.
    The lines of a confirmed import also map national ids to the contacts made from them, so
    that a second run of the same file finds them even where contacts hold no national id."""

    _name = "dura.utility.import.line"
    _description = "Go-live Import Line"
    _order = "import_id, row_number, id"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    import_id = fields.Many2one(
        "dura.utility.import", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(related="import_id.kind")
    row_number = fields.Integer("Row", help="Row of the file (row 1 holds the headers).")
    status = fields.Selection(LINE_STATUSES, required=True, default="new", index=True)
    reason = fields.Char()
    name = fields.Char("Citizen")
    national_id = fields.Char("National ID", index="btree_not_null")
    mobile = fields.Char()
    meter_number = fields.Char(index="btree_not_null")
    utility = fields.Selection(UTILITIES)
    tariff = fields.Char()
    billing_mode = fields.Char()
    quarter = fields.Char()
    route = fields.Char(help="Reading route as written in the file.")
    last_reading = fields.Char()
    balance = fields.Char("Open Balance")
    partner_id = fields.Many2one("res.partner", "Contact", index="btree_not_null")
    subscription_id = fields.Many2one(
        "dura.utility.subscription", index="btree_not_null", ondelete="set null"
    )
    move_id = fields.Many2one("account.move", "Opening Invoice", ondelete="set null")
    merged_row = fields.Integer("Same As Row")
