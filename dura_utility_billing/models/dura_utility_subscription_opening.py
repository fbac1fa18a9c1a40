from odoo import models
from odoo.tools import SQL


class DuraUtilitySubscription(models.Model):
    _inherit = "dura.utility.subscription"

    def _get_amount_due_query(self, ids=None):
        """The subscription's arrears count its opening balance too (go-live import): an
        opening invoice has no dura.utility.bill, so the bills' query alone misses it."""
        due = dict(super()._get_amount_due_query(ids))
        self.env["account.move"].flush_model(
            ["dura_subscription_id", "dura_opening_balance", "amount_residual_signed", "state"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT dura_subscription_id, SUM(amount_residual_signed) FROM account_move "
                "WHERE dura_opening_balance AND state = 'posted' %s GROUP BY dura_subscription_id",
                SQL("AND dura_subscription_id IN %s", tuple(ids)) if ids else SQL(),
            )
        )
        for subscription_id, amount in self.env.cr.fetchall():
            due[subscription_id] = due.get(subscription_id, 0.0) + amount
        return list(due.items())
