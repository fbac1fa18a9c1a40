from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.phone_numbers import check_number
from ..tools.providers import InboundMessage


class DuraSmsInboundSimulate(models.TransientModel):
    """Type an SMS as if a citizen had sent it to the sandbox provider.

    The sandbox receives nothing from outside; this wizard hands the typed message to the
    same processing as a provider's inbound route (STOP, START, status queries, help), so
    a demo or a test database can try them. Replies are queued like real ones.
    """

    _name = "dura.sms.inbound.simulate"
    _description = "Simulate an Inbound SMS"

    provider_id = fields.Many2one(
        "dura.sms.provider",
        required=True,
        readonly=True,
        domain=[("kind", "=", "sandbox")],
        ondelete="cascade",
    )
    number = fields.Char("From", required=True, help="The citizen's mobile, e.g. 0599123456.")
    text = fields.Text(required=True, help="e.g. STOP, وقف, or a request's tracking number.")

    def action_simulate(self):
        self.ensure_one()
        self.provider_id._check_can_simulate_inbound()
        check = check_number(self.number)
        if not check.e164:
            raise UserError(
                self.env._("The sender is not a mobile number: %(reason)s", reason=check.reason)
            )
        if not (self.text or "").strip():
            raise UserError(self.env._("Type the text of the message."))
        inbound = (
            self.env["dura.sms.inbound"]
            .sudo()
            ._receive(
                self.provider_id.sudo(), InboundMessage(self.number, self.text), simulated=True
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Inbound SMS"),
            "res_model": "dura.sms.inbound",
            "res_id": inbound.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
