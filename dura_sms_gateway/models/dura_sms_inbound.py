from odoo import api, fields, models

from ..tools.phone_numbers import check_number, equivalent_forms

STOP_WORDS = {"STOP", "UNSUBSCRIBE", "إلغاء", "الغاء", "ايقاف", "إيقاف", "توقف"}
START_WORDS = {"START", "اشتراك"}


class DuraSmsInbound(models.Model):
    _name = "dura.sms.inbound"
    _description = "Inbound SMS"
    _order = "id desc"

    number = fields.Char(required=True, readonly=True, index=True, help="Sender number, E.164")
    body = fields.Text(readonly=True)
    provider_id = fields.Many2one("dura.sms.provider", readonly=True)
    action = fields.Selection(
        [("stop", "Opt-out"), ("start", "Opt-in"), ("answered", "Answered"), ("none", "No Answer")],
        readonly=True,
    )
    reply = fields.Text(readonly=True)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _receive(self, provider, message):
        """Record an inbound SMS, handle STOP/START, queue the reply; return the record."""
        e164 = check_number(message.number).e164 or message.number
        text = (message.text or "").strip()
        word = text.upper()
        Blacklist = self.env["phone.blacklist"].sudo()
        if word in STOP_WORDS:
            Blacklist._add([e164])
            action, reply = (
                "stop",
                self.env._(
                    "Dura Municipality: you will no longer receive general messages. "
                    "Notices about your own requests still arrive. Send START to subscribe again."
                ),
            )
        elif word in START_WORDS:
            Blacklist._remove(equivalent_forms(e164))
            action, reply = (
                "start",
                self.env._("Dura Municipality: you will receive our messages again."),
            )
        else:
            reply = self._answer(e164, text)
            action = "answered" if reply else "none"
        inbound = self.create(
            {
                "number": e164,
                "body": text,
                "provider_id": provider.id,
                "action": action,
                "reply": reply or False,
            }
        )
        if reply:
            self.env["sms.sms"].sudo().create(
                {
                    "number": e164,
                    "body": reply,
                    "dura_kind": "transactional",
                    "dura_res_model": self._name,
                    "dura_res_id": inbound.id,
                }
            )
        return inbound

    @api.model
    def _answer(self, number, text):
        """Return the reply to an inbound SMS, or False. Other modules extend this hook
        (``super()`` first, answer only when it returned False)."""
        return False
