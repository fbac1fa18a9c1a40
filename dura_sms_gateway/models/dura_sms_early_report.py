from datetime import timedelta

from odoo import api, fields, models


class DuraSmsEarlyReport(models.Model):
    """A delivery report that arrived before the dispatcher recorded the send (fast SMSCs
    answer within milliseconds); it is applied as soon as the send is recorded."""

    _name = "dura.sms.early.report"
    _description = "Early SMS Delivery Report"
    _order = "id"

    provider_id = fields.Many2one("dura.sms.provider", required=True, ondelete="cascade")
    key = fields.Char(required=True, index=True)
    status = fields.Char(required=True)
    error = fields.Char()

    @api.autovacuum
    def _gc_stale(self):
        """Reports whose message never got recorded within a week are dropped."""
        limit = fields.Datetime.now() - timedelta(days=7)
        self.search([("create_date", "<", limit)]).unlink()
