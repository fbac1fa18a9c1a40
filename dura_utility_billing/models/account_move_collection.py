from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

FEE_KINDS = [("late", "Late Payment Fee"), ("reconnection", "Reconnection Fee")]
FINANCE_MANAGER = "dura_utility_billing.group_utility_finance_manager"


# one file per concern of account.move in this addon: collection (levels, fees, settlement)
class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # the last collection level the bill reached: the run moves it to a higher sequence only
    dura_collection_level_id = fields.Many2one(
        "dura.utility.collection.level",
        string="Collection Level",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    # kept apart from the level: a policy edited later (levels renumbered or removed) must not
    # make the bill go back through a level it has passed
    dura_collection_sequence = fields.Integer(readonly=True, copy=False)
    dura_collection_delay = fields.Integer(readonly=True, copy=False)
    dura_collection_date = fields.Date("Collection Level Date", readonly=True, copy=False)
    dura_collection_line_ids = fields.One2many(
        "dura.utility.collection.line", "move_id", string="Collection History", readonly=True
    )
    dura_fee_kind = fields.Selection(FEE_KINDS, "Fee", readonly=True, copy=False, index=True)
    dura_fee_origin_id = fields.Many2one(
        "account.move",
        string="Fee For",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The overdue bill this late fee is charged on.",
    )
    dura_fee_ids = fields.One2many("account.move", "dura_fee_origin_id", string="Late Fees")
    dura_fee_waive_reason = fields.Text("Waiver Reason", readonly=True, copy=False)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_open_dura_fee_waive(self):
        self.ensure_one()
        self._dura_check_waivable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Waive Late Fee"),
            "res_model": "dura.utility.fee.waive.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _dura_check_waivable(self):
        """Waiving money is the finance manager's decision, checked here, whatever the path
        (button, wizard or RPC)."""
        if not self.env.user.has_group(FINANCE_MANAGER):
            raise AccessError(self.env._("Only a finance manager can waive a late fee."))
        for move in self:
            if move.dura_fee_kind != "late" or move.state != "posted":
                raise UserError(self.env._("Only a posted late fee can be waived."))
            if move.payment_state != "not_paid":
                raise UserError(
                    self.env._(
                        "The late fee %s is already (partly) paid: refund the payment instead "
                        "of waiving it.",
                        move.name,
                    )
                )

    def _dura_waive_fee(self, reason):
        """Cancel the late fees of self by a credit note reconciled with each, the reason in
        the chatter of the fee and of its bill."""
        self._dura_check_waivable()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for waiving the fee."))
        # sudo: the finance manager's right is checked above; the credit note and its
        # reconciliation then follow Odoo's own reversal
        moves = self.sudo()
        moves._reverse_moves(
            default_values_list=[
                {
                    "ref": self.env._("Waived: %(fee)s", fee=move.name),
                    "invoice_date": fields.Date.context_today(self),
                    "dura_fee_kind": False,
                }
                for move in moves
            ],
            cancel=True,
        )
        moves.write({"dura_fee_waive_reason": reason})
        for move in self:
            body = self.env._(
                "Late fee %(fee)s waived by %(user)s: %(reason)s",
                fee=move.name,
                user=self.env.user.name,
                reason=reason,
            )
            move.message_post(body=body)
            if move.dura_fee_origin_id:
                move.dura_fee_origin_id.message_post(body=body)
        return True

    @api.model
    def _dura_create_fees(self, fees):
        """Create and post fee invoices in one create: `fees` is a list of dicts with
        subscription, origin (the bill or False), kind, product, label, amount, level (or
        False). Returns the posted moves, in the order of `fees`."""
        if not fees:
            return self.browse()
        journal_of = {}
        vals_list = []
        today = fields.Date.context_today(self)
        for fee in fees:
            subscription = fee["subscription"]
            company = subscription.company_id
            if company.id not in journal_of:
                journal_of[company.id] = self.env["account.journal"].search(
                    [
                        *self.env["account.journal"]._check_company_domain(company),
                        ("type", "=", "sale"),
                    ],
                    limit=1,
                )
            origin = fee.get("origin") or self.browse()
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": subscription.partner_id.id,
                    "company_id": company.id,
                    "journal_id": journal_of[company.id].id,
                    "currency_id": (origin.currency_id or company.currency_id).id,
                    "invoice_date": today,
                    "invoice_date_due": today + relativedelta(days=company.dura_bill_due_days),
                    "invoice_origin": origin.name or subscription.name,
                    "ref": fee["label"],
                    "dura_subscription_id": subscription.id,
                    "dura_fee_kind": fee["kind"],
                    "dura_fee_origin_id": origin.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": fee["product"].id,
                                "name": fee["label"],
                                "quantity": 1.0,
                                "price_unit": fee["amount"],
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": False,
                            }
                        )
                    ],
                }
            )
        moves = self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True).create(
            vals_list
        )
        moves.action_post()
        return moves

    def _dura_collectable_domain(self):
        """Invoices the collection acts on: posted customer invoices of a subscription (utility
        bills and opening balances), unpaid, without a hold, that are neither a fee nor the sale
        of a card top-up."""
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("dura_subscription_id", "!=", False),
            ("payment_state", "in", ("not_paid", "partial")),
            ("amount_residual", ">", 0),
            ("dura_collection_hold", "=", False),
            ("dura_fee_kind", "=", False),
            (
                "id",
                "not in",
                SQL("(SELECT move_id FROM dura_utility_topup WHERE move_id IS NOT NULL)"),
            ),
        ]

    def _dura_last_notice_reason(self, state):
        """Why the last notice did not reach the citizen, in the user's words."""
        if state in ("failed", "canceled"):
            return self.env._("its SMS failed")
        if state in ("queued", "accepted", "to_approve"):
            return self.env._("no delivery report for its SMS")
        return self.env._("no SMS could be sent")

    def _dura_after_reconcile(self):
        """Called when payments or credit notes were reconciled with these invoices (every
        path that pays a bill: payment wizard, bank reconciliation, credit note, RPC): the
        subscriptions waiting for reconnection whose arrears are now paid are settled."""
        subscriptions = self.filtered(
            lambda move: move.dura_subscription_id and move.is_invoice()
        ).dura_subscription_id
        if subscriptions:
            # a reconciliation runs with the accounting's own context keys (invoice sync
            # skipped, and more): the reconnection fee invoice is created without them
            context = {
                key: self.env.context[key]
                for key in ("lang", "tz", "allowed_company_ids")
                if key in self.env.context
            }
            subscriptions.with_env(
                self.env(context=context, su=True)
            )._dura_collection_check_settled()

    def _dura_arrears_by_subscription(self, subscriptions):
        """{subscription id: overdue unpaid amount} in one query: posted invoices past their
        due date, not paid, that no payment plan has taken over; a reconnection fee is paid
        with the reconnection, not before it."""
        today = fields.Date.context_today(self)
        result = defaultdict(float)
        for subscription, residual in self.sudo()._read_group(
            [
                ("dura_subscription_id", "in", subscriptions.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
                ("dura_collection_hold", "not in", ["plan"]),
                ("dura_fee_kind", "not in", ["reconnection"]),
            ],
            ["dura_subscription_id"],
            ["amount_residual:sum"],
        ):
            result[subscription.id] = residual
        return result
