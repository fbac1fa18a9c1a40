from odoo import models


# one file per concern of account.move in this addon, on purpose (see account_move.py)
class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _invoice_paid_hook(self):
        """A paid bill may be the last one a payment plan waited for."""
        result = super()._invoice_paid_hook()
        bills = self.filtered("dura_subscription_id")
        if bills:
            # sudo: the cashier who takes the money need not read the utility office's plans
            self.env["dura.utility.payment.plan"].sudo().search(
                [("state", "=", "running"), ("move_ids", "in", bills.ids)]
            )._on_bills_paid()
        return result
