from odoo import Command, api, fields, models


# one file per concern of the subscription, on purpose (see dura_utility_subscription.py)
class DuraUtilitySubscription(models.Model):
    """The deposit of a new postpaid connection.

    Accounting: activating the subscription invoices the deposit (tools: the deposit rate of
    its utility and tariff category) on a line booked to the company's *Customer Deposits*
    liability account, so the money the citizen pays is owed back to them, never revenue.
    Closing the subscription issues one credit note of the deposit on that same account: it
    clears the liability and becomes a receivable credit that is reconciled with what the
    citizen still owes, the unpaid part of the deposit invoice first, then the open bills oldest
    first; what is left is an outstanding credit on the citizen that the cashier refunds (or
    Odoo offers on their next invoice)."""

    _inherit = "dura.utility.subscription"  # pylint: disable=consider-merging-classes-inherited

    deposit_move_id = fields.Many2one(
        "account.move", "Deposit Invoice", readonly=True, copy=False, index="btree_not_null"
    )
    deposit_refund_id = fields.Many2one(
        "account.move", "Deposit Credit Note", readonly=True, copy=False
    )
    deposit_amount = fields.Monetary(
        "Deposit", related="deposit_move_id.amount_total", help="Deposit invoiced at activation."
    )
    deposit_held = fields.Monetary(
        compute="_compute_deposit_held",
        help="Part of the deposit the citizen has paid and the municipality holds until the "
        "subscription is closed.",
    )
    deposit_refund_remaining = fields.Monetary(
        "Deposit to Refund",
        related="deposit_refund_id.amount_residual",
        help="Credit left from the deposit after the open bills were settled at closure.",
    )

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends(
        "deposit_move_id.amount_residual", "deposit_move_id.state", "deposit_refund_id.state"
    )
    def _compute_deposit_held(self):
        for subscription in self:
            move = subscription.deposit_move_id
            if not move or move.state != "posted" or subscription.deposit_refund_id:
                subscription.deposit_held = 0.0
            else:
                subscription.deposit_held = move.amount_total - move.amount_residual

    def _compute_invoice_ids(self):
        result = super()._compute_invoice_ids()
        for subscription in self:
            extra = subscription.deposit_move_id | subscription.deposit_refund_id
            if extra:
                subscription.invoice_ids |= extra
                subscription.invoice_count = len(subscription.invoice_ids)
        return result

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_activate(self):
        result = super().action_activate()
        self._invoice_deposits()
        return result

    def action_close(self):
        to_settle = self.filtered(lambda s: s.deposit_move_id and not s.deposit_refund_id)
        result = super().action_close()
        to_settle._apply_deposits()
        return result

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _invoice_deposits(self):
        """Invoice the deposit of each postpaid subscription of self that has none yet and
        whose rate is positive; one create and one post for the batch."""
        todo = self.filtered(lambda s: s.billing_mode == "postpaid" and not s.deposit_move_id)
        if not todo:
            return self.env["account.move"]
        amounts = self.env["dura.utility.deposit.rate"]._get_amounts(todo)
        todo = todo.filtered(lambda s: not s.currency_id.is_zero(amounts[s.id]))
        if not todo:
            return self.env["account.move"]
        vals_list = [
            s._prepare_deposit_move_vals("out_invoice", amounts[s.id], s._get_deposit_date())
            for s in todo
        ]
        # sudo: the utility office activates; the invoice is booked to a liability account the
        # officer need not administer
        moves = self.env["account.move"].sudo().create(vals_list)
        moves.action_post()
        for subscription, move in zip(todo, moves, strict=True):
            subscription.deposit_move_id = move.sudo(False)
            subscription.message_post(
                body=self.env._(
                    "Connection deposit of %(amount)s invoiced (%(invoice)s).",
                    amount=subscription.currency_id.format(move.amount_total),
                    invoice=move.name,
                )
            )
        return moves

    def _apply_deposits(self):
        """Credit each closed subscription's deposit against what the citizen still owes on it
        (the deposit invoice's unpaid part, then the open bills, oldest first); the rest stays
        an outstanding credit to refund."""
        today = fields.Date.context_today(self)
        todo = self.filtered(lambda s: s.deposit_move_id.state == "posted")
        if not todo:
            return
        refunds = (
            self.env["account.move"]
            .sudo()
            .create(
                [
                    s._prepare_deposit_move_vals(
                        "out_refund", s.deposit_move_id.amount_total, today
                    )
                    for s in todo
                ]
            )
        )
        refunds.action_post()
        open_moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("dura_subscription_id", "in", todo.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                order="invoice_date, id",
            )
        )
        for subscription, refund in zip(todo, refunds, strict=True):
            subscription.deposit_refund_id = refund
            credit = refund.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            owed = subscription.deposit_move_id.filtered(
                lambda m: m.payment_state in ("not_paid", "partial")
            ) | open_moves.filtered(
                lambda m, s=subscription: m.dura_subscription_id == s and m != s.deposit_move_id
            )
            for move in owed:
                if credit.reconciled:
                    break
                debit = move.line_ids.filtered(
                    lambda line, account=credit.account_id: line.account_id == account
                    and not line.reconciled
                )
                if debit:
                    (credit | debit).reconcile()
            subscription.message_post(
                body=self.env._(
                    "Deposit of %(amount)s applied at closure (%(refund)s): %(applied)s set "
                    "against what was owed, %(remaining)s to refund to the citizen.",
                    amount=subscription.currency_id.format(refund.amount_total),
                    refund=refund.name,
                    applied=subscription.currency_id.format(
                        refund.amount_total - refund.amount_residual
                    ),
                    remaining=subscription.currency_id.format(refund.amount_residual),
                )
            )

    def _get_deposit_date(self):
        return fields.Date.context_today(self)

    def _prepare_deposit_move_vals(self, move_type, amount, date):
        self.ensure_one()
        account = self.company_id._dura_deposit_account()
        label = (
            self.env._("Connection deposit, meter %s", self.meter_number)
            if move_type == "out_invoice"
            else self.env._("Connection deposit returned at closure, meter %s", self.meter_number)
        )
        return {
            "move_type": move_type,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": date,
            "invoice_origin": self.name,
            "dura_subscription_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
