from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class DuraUtilityTopup(models.Model):
    _name = "dura.utility.topup"
    _description = "Prepaid Card Top-up"
    _inherit = ["dura.sms.sender.mixin"]
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

    name = fields.Char(
        "Receipt",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Receipt code given when the top-up is paid (on the printed receipt and the SMS).",
    )
    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        required=True,
        index=True,
        ondelete="restrict",
        # no check_company: the company comes from the subscription (related field), so a new
        # top-up has none and a company-checked domain found nothing; the record rule limits
        # the choice to the user's companies
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
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("name", "meter_number")
    def _compute_display_name(self):
        for topup in self:
            topup.display_name = topup.name or self.env._(
                "Top-up to pay, meter %s", topup.meter_number or ""
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
        # the receipt code is given when the money is taken: no gap for unpaid drafts
        sequence = self.env["ir.sequence"]
        for topup in self:
            topup.write(
                {"state": "paid", "name": sequence.next_by_code("dura.utility.topup") or "/"}
            )
        self._queue_receipt_sms()
        return True

    def action_print_receipt(self):
        if self.filtered(lambda t: t.state != "paid"):
            raise UserError(self.env._("Only a paid top-up has a receipt."))
        return self.env.ref("dura_utility_billing.action_report_topup_receipt").report_action(self)

    def action_cancel(self):
        if self.filtered(lambda t: t.state != "draft"):
            raise UserError(self.env._("Only top-ups not yet paid can be cancelled."))
        self.state = "cancel"
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _queue_receipt_sms(self):
        """Text the citizen the receipt of each paid top-up, in the citizen's language, through
        the gateway's entry point (one render and one create for the batch, sent outside this
        transaction, as the bill SMS). Returns how many were queued."""
        template = self.env.ref(
            "dura_utility_billing.sms_template_topup_receipt", raise_if_not_found=False
        )
        topups = self.filtered(lambda t: t.state == "paid" and t.partner_id)
        # top-ups recorded after the fact (the demo's history, imports of past sales): their
        # receipts were handed over long ago
        if not template or not topups or self.env.context.get("dura_topup_no_receipt_sms"):
            return 0
        report = topups._dura_queue_sms(template)
        if "not_approved" in report.skipped.values():
            # an unchecked text never reaches citizens: the top-up is paid, its SMS held
            for subscription in topups.subscription_id:
                subscription.message_post(
                    body=self.env._(
                        "No receipt SMS was sent for the top-up: the SMS template %(name)s is "
                        "not approved yet. An SMS approver must approve it (SMS Gateway > "
                        "Configuration > SMS Templates).",
                        name=template.name,
                    )
                )
        return len(report.created_ids)
