from odoo import api, fields, models


class DuraUtilityReadingDecisionWizard(models.TransientModel):
    """A meter reading supervisor decides readings that failed validation, with the reason
    kept on each reading (the rules are the reading model's: _dura_decide)."""

    _name = "dura.utility.reading.decision.wizard"
    _description = "Decide Reading Exceptions"

    reading_ids = fields.Many2many(
        "dura.utility.reading",
        string="Readings",
        required=True,
        domain="[('validation_state', 'in', ('exception', 'accepted'))]",
    )
    reading_count = fields.Integer(compute="_compute_reading_count")
    decision = fields.Selection(
        [
            ("accept", "Accept: bill as read"),
            ("reread", "Re-read: send the reader again"),
            ("estimate", "Estimate: bill the usual consumption"),
        ],
        required=True,
        default="accept",
    )
    reason = fields.Text(required=True)

    @api.depends("reading_ids")
    def _compute_reading_count(self):
        for wizard in self:
            wizard.reading_count = len(wizard.reading_ids)

    def action_confirm(self):
        self.ensure_one()
        self.reading_ids._dura_decide(self.decision, self.reason)
        return {"type": "ir.actions.act_window_close"}
