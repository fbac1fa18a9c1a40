from odoo import models
from odoo.exceptions import UserError


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        """Refuse to take a fee for a request cancelled while the payment wizard was open.

        Odoo 18's wizard checks only the residual when it opens, so a cashier who confirms after
        the request (and with it its fee invoice) was cancelled, or who loses a race with that
        cancel and is retried, would reconcile a payment with a cancelled invoice: money taken
        for nothing. Checked here, in the confirming transaction, so that the retry after a
        serialization failure sees the cancel. dura_utility_billing guards every cancelled
        invoice the same way; this module does not depend on it and guards its fees itself."""
        for wizard in self:
            moves = wizard.line_ids.move_id
            gone = moves.filtered(
                lambda move: move.state == "cancel" and move.sudo().dura_request_ids
            )
            if gone:
                raise UserError(
                    self.env._(
                        "The fee invoice %(invoices)s was cancelled with its request meanwhile: "
                        "no payment was registered.",
                        invoices=", ".join(gone.mapped("display_name")),
                    )
                )
        return super()._create_payments()
