from odoo import models


# one file per concern of account.move.line in this addon: collection
class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

    def _reconcile_post_hook(self, data):
        """Every way a bill gets paid ends in a reconciliation (payment, bank statement,
        credit note, reversal): the collection learns of it here, once per reconciliation."""
        res = super()._reconcile_post_hook(data)
        data["not_paid_invoices"]._dura_after_reconcile()
        return res
