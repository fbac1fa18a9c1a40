from odoo import fields, models

from .dura_sms_message import STATES


class DuraSmsMessageEvent(models.Model):
    _name = "dura.sms.message.event"
    _description = "SMS Audit Log Event"
    _order = "date, id"
    _log_access = False  # history rows are written in bulk by the dispatcher; date says when

    message_id = fields.Many2one(
        "dura.sms.message", required=True, ondelete="cascade", index=True, readonly=True
    )
    state = fields.Selection(STATES, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    detail = fields.Char(readonly=True)
