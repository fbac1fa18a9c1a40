from odoo import fields, models

READING_LINE_STATUSES = [
    ("accepted", "Accepted"),
    ("exception", "Exception"),
    ("duplicate", "Duplicate"),
]


class DuraUtilityReadingImportLine(models.Model):
    """One row of a reader's filled-in sheet, with its status and the reason for it."""

    _name = "dura.utility.reading.import.line"
    _description = "Reading Import Line"
    _order = "import_id, row_number, id"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    import_id = fields.Many2one(
        "dura.utility.reading.import", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True)
    row_number = fields.Integer("Row", help="Row of the file (row 1 holds the headers).")
    status = fields.Selection(READING_LINE_STATUSES, required=True, default="accepted", index=True)
    reason = fields.Char()
    meter_number = fields.Char()
    subscription_id = fields.Many2one("dura.utility.subscription", ondelete="set null")
    partner_id = fields.Many2one(related="subscription_id.partner_id", string="Citizen")
    value_text = fields.Char("Reading as Written")
    value = fields.Float("Reading", digits=(16, 3))
    previous_value = fields.Float("Previous Reading", digits=(16, 3))
    date = fields.Date()
    note = fields.Char()
    reading_id = fields.Many2one(
        "dura.utility.reading", "Recorded Reading", ondelete="set null", readonly=True
    )
