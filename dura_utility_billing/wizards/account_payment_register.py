from odoo import models
from odoo.exceptions import UserError


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        """Refuse to take money on an invoice that was cancelled.

        Odoo 18's wizard only checks the residual when it opens: a cashier who confirms after
        someone cancelled the bill or the fee invoice (or who loses a race with that cancel
        and is retried) would reconcile a payment with a cancelled invoice. Checked here, in
        the confirming transaction, the retry of a serialization failure sees the cancel.
        Draft invoices stay payable: Odoo 18 registers payments on drafts on purpose."""
        for wizard in self:
            moves = wizard.line_ids.move_id
            gone = moves.filtered(lambda move: move.state == "cancel")
            if gone:
                raise UserError(
                    self.env._(
                        "%(invoices)s was cancelled meanwhile: no payment was registered.",
                        invoices=", ".join(gone.mapped("display_name")),
                    )
                )
        return super()._create_payments()
