from odoo import api, fields, models


class DuraSmsInbound(models.Model):
    _name = "dura.sms.inbound"
    _description = "Inbound SMS"
    _order = "id desc"

    number = fields.Char(required=True, readonly=True, help="Sender number, E.164")
    body = fields.Text(readonly=True)
    reply = fields.Text(readonly=True)

    @api.model
    def _answer(self, number, text):
        """Return the reply to an inbound SMS, or False. Other modules extend this hook
        (``super()`` first, answer only when it returned False)."""
        return False
