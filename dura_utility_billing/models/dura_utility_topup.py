from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class DuraUtilityTopup(models.Model):
    _name = "dura.utility.topup"
    _description = "Prepaid Card Top-up"
    _order = "date desc, id desc"
    _check_company_auto = True

    def _default_journal_id(self):
        return self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.env.company),
                ("type", "=", "cash"),
            ],
            limit=1,
        )

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('billing_mode', '=', 'prepaid'), ('state', '=', 'active')]",
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id", string="Citizen")
    meter_number = fields.Char(related="subscription_id.meter_number")
    company_id = fields.Many2one(
        related="subscription_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True)
    journal_id = fields.Many2one(
        "account.journal",
        "Paid Into",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        default=_default_journal_id,
    )
    token = fields.Char("Card Token / Receipt", help="Vending token or card receipt number.")
    state = fields.Selection(
        [("draft", "To Pay"), ("paid", "Paid"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
    )
    move_id = fields.Many2one("account.move", "Invoice", readonly=True, copy=False)
    payment_state = fields.Selection(related="move_id.payment_state")

    _sql_constraints = (
        ("amount_positive", "CHECK(amount > 0)", "A top-up amount must be positive."),
    )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("subscription_id")
    def _check_subscription(self):
        for topup in self:
            if topup.subscription_id.billing_mode != "prepaid":
                raise ValidationError(
                    self.env._(
                        "Subscription %s is not a prepaid card meter: it cannot be topped up.",
                        topup.subscription_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_paid(self):
        if self.filtered(lambda t: t.state == "paid"):
            raise UserError(self.env._("A paid top-up cannot be deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        """Invoice the top-ups as sales of card credit and register their payment."""
        if self.filtered(lambda t: t.state != "draft"):
            raise UserError(self.env._("Only top-ups to pay can be confirmed."))
        inactive = self.subscription_id.filtered(lambda s: s.state != "active")
        if inactive:
            raise UserError(
                self.env._(
                    "Subscription %s is not active: it cannot be topped up.", inactive[0].name
                )
            )
        product = self.env.ref("dura_utility_billing.product_card_credit")
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": topup.partner_id.id,
                    "company_id": topup.company_id.id,
                    "invoice_date": topup.date,
                    "invoice_origin": topup.subscription_id.name,
                    "ref": topup.token or False,
                    "dura_subscription_id": topup.subscription_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": self.env._(
                                    "Prepaid card credit, meter %s", topup.meter_number
                                ),
                                "quantity": 1,
                                "price_unit": topup.amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for topup in self
            ]
        )
        moves.action_post()
        for topup, move in zip(self, moves, strict=True):
            topup.move_id = move
        for journal, topups in self.grouped("journal_id").items():
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=topups.move_id.ids
            ).create({"journal_id": journal.id, "group_payment": False})._create_payments()
        self.state = "paid"
        return True

    def action_cancel(self):
        if self.filtered(lambda t: t.state != "draft"):
            raise UserError(self.env._("Only top-ups not yet paid can be cancelled."))
        self.state = "cancel"
        return True
