from collections import namedtuple

from odoo import models

# One line of a citizen's arrears: what one subscription still owes in one currency (the
# bill's, e.g. the shekel), its earliest due date, the part of it a payment plan has taken over
# (dura_collection_hold = "plan") and the number of open documents behind it.
ArrearsLine = namedtuple(
    "ArrearsLine", "subscription currency amount plan_amount date_due invoice_count"
)


# a same-model file by concern: the subscriptions are in res_partner.py
class ResPartner(models.Model):
    """What a citizen owes on their utility subscriptions, read from the ledger."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _dura_utility_arrears(self):
        """The arrears of these citizens on their utility subscriptions, as ``ArrearsLine``s
        sorted by subscription: one read_group whatever the number of citizens or documents.

        Arrears are, per subscription (of the citizen or of any contact of the same commercial
        entity) and currency, the open residual of its posted customer documents: utility bills,
        top-up sales, opening balances and any other invoice linked to the subscription, due or
        not yet due, less the residual of its open credit notes. A line is listed when that net
        amount is above zero. Bills in a payment plan stay in it (the debt is still owed until
        the instalments are paid), disputed and corrected bills too: a hold stops collection,
        not the debt. Read as superuser: the ledger decides, whoever asks.
        """
        commercial = self.commercial_partner_id
        if not commercial:
            return []
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("dura_subscription_id.partner_id.commercial_partner_id", "in", commercial.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("amount_residual", ">", 0),
                ],
                ["dura_subscription_id", "currency_id", "move_type", "dura_collection_hold"],
                ["amount_residual:sum", "invoice_date_due:min", "__count"],
            )
        )
        totals = {}
        for subscription, currency, move_type, hold, residual, date_due, count in groups:
            sign = -1 if move_type == "out_refund" else 1
            amount, plan_amount, earliest, documents = totals.get(
                (subscription, currency), (0.0, 0.0, None, 0)
            )
            if move_type == "out_invoice" and date_due and (not earliest or date_due < earliest):
                earliest = date_due
            totals[(subscription, currency)] = (
                amount + sign * residual,
                plan_amount + (residual if hold == "plan" and sign > 0 else 0.0),
                earliest,
                documents + count,
            )
        lines = [
            ArrearsLine(
                subscription.with_env(self.env),
                currency,
                currency.round(amount),
                currency.round(plan_amount),
                date_due,
                count,
            )
            for (subscription, currency), (amount, plan_amount, date_due, count) in totals.items()
            if currency.compare_amounts(amount, 0) > 0
        ]
        return sorted(
            lines, key=lambda line: (line.subscription.sudo().name or "", line.currency.id)
        )
