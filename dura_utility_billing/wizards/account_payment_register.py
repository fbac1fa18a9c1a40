from odoo import models

from odoo.addons.dura_municipality.tools.payments import refuse_cancelled_invoices


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        """Refuse to take money on an invoice that was cancelled (see the rule's docstring)."""
        refuse_cancelled_invoices(self)
        return super()._create_payments()
