from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.selections import CREDIT_POLICIES
from .dura_utility_tariff import UTILITIES


class DuraUtilitySubscription(models.Model):
    _name = "dura.utility.subscription"
    _description = "Utility Subscription"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "name desc, id desc"
    _check_company_auto = True
    _rec_names_search = ("name", "meter_number", "partner_id.name")

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Citizen", required=True, tracking=True, index=True
    )
    mobile = fields.Char(related="partner_id.mobile", string="Mobile")
    utility = fields.Selection(UTILITIES, required=True, tracking=True)
    meter_number = fields.Char(required=True, tracking=True, index=True, copy=False)
    billing_mode = fields.Selection(
        [("prepaid", "Prepaid (card)"), ("postpaid", "Postpaid (invoice)")],
        required=True,
        default="postpaid",
        tracking=True,
    )
    tariff_id = fields.Many2one(
        "dura.utility.tariff",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('utility', '=', utility), ('billing_mode', 'in', (billing_mode, 'both'))]",
    )
    quarter = fields.Char(tracking=True, index=True, help="Quarter or neighbourhood of the meter.")
    address = fields.Char()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    start_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    initial_reading = fields.Float(
        digits=(16, 3),
        help="Meter index when the subscription started; previous value of the " "first reading.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    reading_ids = fields.One2many("dura.utility.reading", "subscription_id", string="Readings")
    reading_count = fields.Integer(compute="_compute_reading_count")
    last_reading_value = fields.Float(
        compute="_compute_last_reading", digits=(16, 3), string="Last Reading"
    )
    last_reading_date = fields.Date(compute="_compute_last_reading")
    bill_ids = fields.One2many("dura.utility.bill", "subscription_id", string="Bills")
    topup_ids = fields.One2many("dura.utility.topup", "subscription_id", string="Top-ups")
    invoice_ids = fields.Many2many(
        "account.move", compute="_compute_invoice_ids", string="Invoices"
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    balance = fields.Monetary(
        "Card Credit",
        compute="_compute_balance",
        store=True,
        help="Prepaid credit sold on the card (paid top-ups) and not yet settled by a "
        "card-to-invoice conversion. The meter itself holds the credit actually left.",
    )
    amount_due = fields.Monetary(
        "Arrears",
        compute="_compute_amount_due",
        search="_search_amount_due",
        help="Unpaid amount of the posted bills.",
    )
    # card-to-invoice conversion
    conversion_date = fields.Date(readonly=True, copy=False, tracking=True)
    conversion_credit = fields.Monetary(
        "Converted Card Credit",
        readonly=True,
        copy=False,
        help="Credit left on the card at the conversion.",
    )
    conversion_credit_policy = fields.Selection(
        CREDIT_POLICIES,
        readonly=True,
        copy=False,
    )
    conversion_refund_id = fields.Many2one("account.move", readonly=True, copy=False)
    settled_credit = fields.Monetary(readonly=True, copy=False)
    carry_forward_remaining = fields.Monetary(
        "Credit to Carry Forward",
        compute="_compute_carry_forward_remaining",
        store=True,
        help="Credit (a converted card's, or estimates returned beyond a bill) still to be "
        "deducted from the next invoices.",
    )

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("name", "meter_number", "partner_id.name")
    @api.depends_context("dura_subscription_meter")
    def _compute_display_name(self):
        """With ``dura_subscription_meter`` in the context (reading entry), show the meter and
        the citizen, which is what a meter reader types and reads off the route sheet."""
        if not self.env.context.get("dura_subscription_meter"):
            return super()._compute_display_name()
        for subscription in self:
            subscription.display_name = " · ".join(
                part
                for part in (
                    subscription.meter_number,
                    subscription.partner_id.name,
                    subscription.name,
                )
                if part
            )

    def _compute_reading_count(self):
        counts = dict(
            self.env["dura.utility.reading"]._read_group(
                [("subscription_id", "in", self.ids)], ["subscription_id"], ["__count"]
            )
        )
        for subscription in self:
            subscription.reading_count = counts.get(subscription, 0)

    @api.depends("reading_ids.value", "reading_ids.date")
    def _compute_last_reading(self):
        for subscription in self:
            last = subscription.reading_ids.sorted(lambda r: (r.date, r.id))[-1:]
            subscription.last_reading_value = last.value if last else subscription.initial_reading
            subscription.last_reading_date = last.date

    @api.depends("bill_ids.move_id", "topup_ids.move_id", "conversion_refund_id")
    def _compute_invoice_ids(self):
        for subscription in self:
            moves = (
                subscription.bill_ids.move_id
                | subscription.topup_ids.move_id
                | subscription.conversion_refund_id
            )
            subscription.invoice_ids = moves
            subscription.invoice_count = len(moves)

    @api.depends("topup_ids.state", "topup_ids.amount", "settled_credit")
    def _compute_balance(self):
        for subscription in self:
            paid = subscription.topup_ids.filtered(lambda t: t.state == "paid")
            subscription.balance = sum(paid.mapped("amount")) - subscription.settled_credit

    def _compute_amount_due(self):
        due = dict(self._get_amount_due_query(self.ids)) if self.ids else {}
        for subscription in self:
            subscription.amount_due = due.get(subscription.id, 0.0)

    def _search_amount_due(self, operator, value):
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise UserError(self.env._("Operation not supported on arrears."))
        due = dict(self._get_amount_due_query())
        if operator in ("=", "!=", "<", "<=") and self._compare(0.0, operator, value):
            # subscriptions without unpaid bill match too: search the complement
            others = {
                sid for sid, amount in due.items() if not self._compare(amount, operator, value)
            }
            return [("id", "not in", list(others))]
        return [
            (
                "id",
                "in",
                [sid for sid, amount in due.items() if self._compare(amount, operator, value)],
            )
        ]

    @staticmethod
    def _compare(amount, operator, value):
        value = value or 0.0
        return {
            "=": amount == value,
            "!=": amount != value,
            "<": amount < value,
            "<=": amount <= value,
            ">": amount > value,
            ">=": amount >= value,
        }[operator]

    def _get_amount_due_query(self, ids=None):
        """[(subscription id, unpaid amount of its posted bills)] in one query."""
        self.env["dura.utility.bill"].flush_model(["subscription_id", "move_id"])
        self.env["account.move"].flush_model(["amount_residual_signed", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT bill.subscription_id, SUM(move.amount_residual_signed) "
                "FROM dura_utility_bill bill JOIN account_move move ON move.id = bill.move_id "
                "WHERE move.state = 'posted' %s GROUP BY bill.subscription_id",
                SQL("AND bill.subscription_id IN %s", tuple(ids)) if ids else SQL(),
            )
        )
        return self.env.cr.fetchall()

    @api.depends(
        "conversion_credit",
        "conversion_credit_policy",
        "bill_ids.credit_applied",
        "bill_ids.estimate_credit_carried",
    )
    def _compute_carry_forward_remaining(self):
        for subscription in self:
            conversion = (
                subscription.conversion_credit
                if subscription.conversion_credit_policy == "carry_forward"
                else 0.0
            )
            bills = subscription.bill_ids
            subscription.carry_forward_remaining = (
                conversion
                + sum(bills.mapped("estimate_credit_carried"))
                - sum(bills.mapped("credit_applied"))
            )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    def init(self):
        # one live subscription per meter and utility, enforced by PostgreSQL
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dura_utility_subscription_meter_uniq "
                "ON %s (company_id, utility, meter_number) WHERE state != 'closed'",
                SQL.identifier(self._table),
            )
        )

    def _check_meter_free(self, keys):
        """Refuse (company, utility, meter) keys already used by another open subscription or
        twice in ``keys``; one search for the whole batch (the unique index backs it)."""
        if not keys:
            return
        # sudo: the unique index spans all companies and users, so must the check
        others = self.sudo().search(
            [
                ("meter_number", "in", [key[2] for key in keys]),
                ("state", "!=", "closed"),
                ("id", "not in", self.ids),
            ]
        )
        taken = {(s.company_id.id, s.utility, s.meter_number) for s in others}
        for key in keys:
            if key in taken:
                utility = dict(self._fields["utility"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "Meter %(meter)s already belongs to another open %(utility)s "
                        "subscription.",
                        meter=key[2],
                        utility=utility.get(key[1], key[1]),
                    )
                )
            taken.add(key)

    @api.constrains("tariff_id", "utility", "billing_mode")
    def _check_tariff(self):
        for subscription in self:
            tariff = subscription.tariff_id
            if tariff.utility != subscription.utility or tariff.billing_mode not in (
                subscription.billing_mode,
                "both",
            ):
                raise ValidationError(
                    self.env._(
                        "Tariff %(tariff)s cannot be used for subscription %(subscription)s: "
                        "its utility or billing mode differs.",
                        tariff=tariff.display_name,
                        subscription=subscription.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        company = self.env.company.id
        self._check_meter_free(
            [
                (vals.get("company_id", company), vals.get("utility"), vals.get("meter_number"))
                for vals in vals_list
                if vals.get("state", "draft") != "closed"
            ]
        )
        todo = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if todo:
            sequence = self.env["ir.sequence"]
            for vals in todo:
                vals["name"] = sequence.next_by_code("dura.utility.subscription") or "/"
        return super().create(vals_list)

    def write(self, vals):
        meter_change = {"meter_number", "utility", "company_id"} & set(vals)
        reopened = vals.get("state") not in (None, "closed") and self.filtered(
            lambda s: s.state == "closed"
        )
        if (meter_change and vals.get("state") != "closed") or reopened:
            todo = self if meter_change else reopened
            todo._check_meter_free(
                [
                    (
                        vals.get("company_id", subscription.company_id.id),
                        vals.get("utility", subscription.utility),
                        vals.get("meter_number", subscription.meter_number),
                    )
                    for subscription in todo
                    if subscription.state != "closed" or reopened
                ]
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered(lambda s: s.state != "draft" or s.bill_ids or s.topup_ids):
            raise UserError(
                self.env._("Only draft subscriptions never billed can be deleted; close it.")
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_activate(self):
        for subscription in self:
            if subscription.state not in ("draft", "suspended"):
                raise UserError(
                    self.env._(
                        "Subscription %(name)s cannot be activated from state %(state)s.",
                        name=subscription.display_name,
                        state=subscription._state_label(),
                    )
                )
        self.write({"state": "active"})
        return True

    def action_suspend(self):
        if self.filtered(lambda s: s.state != "active"):
            raise UserError(self.env._("Only active subscriptions can be suspended."))
        self.write({"state": "suspended"})
        return True

    def action_close(self):
        if self.filtered(lambda s: s.state == "closed"):
            raise UserError(self.env._("The subscription is already closed."))
        self.write({"state": "closed"})
        return True

    def action_reset_draft(self):
        if self.filtered(lambda s: s.state != "closed" or s.bill_ids):
            raise UserError(
                self.env._("Only closed subscriptions that were never billed can be reset.")
            )
        self.write({"state": "draft"})
        return True

    def action_open_conversion_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Convert Card to Invoice"),
            "res_model": "dura.utility.conversion.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_subscription_id": self.id},
        }

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_reading"
        )
        action["domain"] = [("subscription_id", "=", self.id)]
        action["context"] = {"default_subscription_id": self.id}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False, "default_move_type": "out_invoice"}
        return action

    def action_print_bill(self):
        """Print the subscription's latest posted bill (its arrears are listed on it)."""
        self.ensure_one()
        bill = self.bill_ids.filtered(lambda b: b.move_id.state == "posted")[:1]
        if not bill:
            raise UserError(self.env._("Subscription %s has no posted bill yet.", self.name))
        return bill.move_id.action_print_dura_bill()

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]
