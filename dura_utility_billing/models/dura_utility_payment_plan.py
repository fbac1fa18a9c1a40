from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

FINANCE_MANAGER = "dura_utility_billing.group_utility_finance_manager"
# a plan holding its bills: collection leaves them alone, no other plan may take them
LIVE_STATES = ("to_approve", "running")
# the terms of the agreement: once agreed they are the signed paper, never edited
TERMS = frozenset(
    {"subscription_id", "move_ids", "instalment_count", "first_date", "down_payment", "line_ids"}
)


class DuraUtilityPaymentPlan(models.Model):
    """Arrears of a subscription spread over a down payment and monthly instalments, agreed
    at the counter.

    Accounting: the plan issues no invoice. The arrears bills stay the open receivables they
    are (their revenue was booked when they were billed); the plan is a schedule of what the
    citizen pays against them, and every payment is registered on the bills themselves (oldest
    first), so Odoo Invoicing's ledger, the aged balance and each bill's audit trail stay
    exactly what they were, and a broken plan leaves nothing to undo. While the plan runs its
    bills carry ``dura_collection_hold = 'plan'``: collection sends them no notice, fee or
    disconnection. What is paid on the plan is what its bills' residual fell since the
    agreement, matched to the schedule oldest first (tools/payment_schedule.py)."""

    _name = "dura.utility.payment.plan"
    _description = "Utility Payment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "dura.sms.sender.mixin"]
    _order = "id desc"
    _check_company_auto = True

    def _default_first_date(self):
        return fields.Date.context_today(self) + relativedelta(months=1)

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('billing_mode', '=', 'postpaid'), ('state', '!=', 'draft')]",
    )
    partner_id = fields.Many2one(
        related="subscription_id.partner_id", string="Citizen", store=True, index=True
    )
    mobile = fields.Char(related="partner_id.mobile")
    company_id = fields.Many2one(
        related="subscription_id.company_id", store=True, index=True, precompute=True
    )
    # not a related: a new plan has no subscription yet, hence no company, and its amounts
    # are still computed (and rounded) as the form opens
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("running", "Running"),
            ("done", "Completed"),
            ("broken", "Broken"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        "dura_utility_payment_plan_move_rel",
        "plan_id",
        "move_id",
        string="Arrears Bills",
        copy=False,
        domain="[('dura_subscription_id', '=', subscription_id), ('dura_period', '!=', False), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
        help="The subscription's posted bills that the plan settles; they stay open and the "
        "plan's payments are registered on them.",
    )
    amount_arrears = fields.Monetary(
        "Arrears",
        compute="_compute_amount_arrears",
        store=True,
        readonly=True,
        help="Unpaid amount of the bills when the plan was agreed.",
    )
    down_payment = fields.Monetary(tracking=True, help="Paid at the counter on agreement.")
    instalment_count = fields.Integer(
        "Number of Instalments", required=True, default=3, tracking=True
    )
    first_date = fields.Date(
        "First Instalment", required=True, default=_default_first_date, tracking=True
    )
    line_ids = fields.One2many(
        "dura.utility.payment.plan.line", "plan_id", string="Instalments", copy=False
    )
    date_agreed = fields.Date(readonly=True, copy=False, tracking=True)
    agreed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_closed = fields.Date("Ended On", readonly=True, copy=False)
    amount_paid = fields.Monetary(compute="_compute_progress", string="Paid on the Plan")
    amount_remaining = fields.Monetary(compute="_compute_progress", string="Still Due")
    next_line_id = fields.Many2one(
        "dura.utility.payment.plan.line", compute="_compute_progress", string="Next Instalment"
    )
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
    note = fields.Text()

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("company_id")
    def _compute_currency_id(self):
        for plan in self:
            plan.currency_id = (plan.company_id or self.env.company).currency_id

    @api.depends("move_ids")
    def _compute_amount_arrears(self):
        # frozen at the agreement: payments then are the plan's progress, not new terms
        for plan in self:
            if plan.state == "draft" or not plan.amount_arrears:
                plan.amount_arrears = sum(plan.move_ids.mapped("amount_residual"))

    @api.depends("line_ids.amount", "move_ids.amount_residual", "down_payment", "state")
    def _compute_progress(self):
        for plan in self:
            paid = plan._get_paid_amount()
            plan.amount_paid = paid
            plan.amount_remaining = plan.currency_id.round(plan.amount_arrears - paid)
            status = plan._get_status()
            plan.next_line_id = next(
                (
                    line
                    for line, is_paid in zip(plan.line_ids, status.paid[1:], strict=True)
                    if not is_paid
                ),
                plan.env["dura.utility.payment.plan.line"],
            )

    @api.depends("amount_arrears", "instalment_count", "company_id")
    def _compute_needs_approval(self):
        for plan in self:
            company = plan.company_id or self.env.company
            plan.needs_approval = (
                plan.currency_id.compare_amounts(
                    plan.amount_arrears, company.dura_plan_approval_amount
                )
                > 0
                or plan.instalment_count > company.dura_plan_max_instalments
            )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("move_ids", "subscription_id")
    def _check_moves(self):
        for plan in self.filtered(lambda p: p.state in ("draft", *LIVE_STATES)):
            for move in plan.move_ids:
                if (
                    move.dura_subscription_id != plan.subscription_id
                    or not move._is_dura_utility_bill()
                ):
                    raise ValidationError(
                        self.env._(
                            "Invoice %(move)s is not a posted bill of subscription "
                            "%(subscription)s.",
                            move=move.display_name,
                            subscription=plan.subscription_id.name,
                        )
                    )
                if plan.state == "draft" and move.currency_id.is_zero(move.amount_residual):
                    raise ValidationError(
                        self.env._(
                            "Bill %s is already paid: a payment plan covers unpaid bills only.",
                            move.name,
                        )
                    )
                if move.dura_collection_hold not in (False, "plan"):
                    raise ValidationError(
                        self.env._(
                            "Bill %(move)s is on hold (%(hold)s): settle the hold before "
                            "putting it in a payment plan.",
                            move=move.name,
                            hold=dict(
                                move._fields["dura_collection_hold"]._description_selection(
                                    self.env
                                )
                            )[move.dura_collection_hold],
                        )
                    )
        self._check_bills_free()

    @api.constrains("line_ids", "first_date")
    def _check_dates(self):
        for plan in self:
            dates = [line.date for line in plan.line_ids]
            if any(later <= earlier for earlier, later in zip(dates, dates[1:], strict=False)):
                raise ValidationError(
                    self.env._(
                        "The instalment dates of plan %s must increase: each instalment "
                        "after the one before.",
                        plan.name,
                    )
                )
            if plan.line_ids.filtered(lambda line: line.amount <= 0):
                raise ValidationError(
                    self.env._("Every instalment of plan %s must be positive.", plan.name)
                )

    def _check_bills_free(self):
        """No bill in two live plans (to approve or running), whoever's they are."""
        live = self.filtered(lambda p: p.state in LIVE_STATES)
        if not live:
            return
        # sudo: another officer's plan counts too, whatever this user may read
        others = (
            self.sudo()
            .search(
                [
                    ("state", "in", LIVE_STATES),
                    ("move_ids", "in", live.move_ids.ids),
                    ("id", "not in", live.ids),
                ]
            )
            .filtered(lambda other: other.move_ids & live.move_ids)
        )
        seen = {}
        for plan in live | others:
            for move in plan.move_ids & live.move_ids:
                if move.id in seen and seen[move.id] != plan.id:
                    raise ValidationError(
                        self.env._(
                            "Bill %(move)s is already in payment plan %(plan)s.",
                            move=move.name,
                            plan=self.browse(seen[move.id]).sudo().name,
                        )
                    )
                seen[move.id] = plan.id

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("dura.utility.payment.plan") or "/"
        plans = super().create(vals_list)
        plans.filtered(lambda p: not p.line_ids and p.move_ids)._build_schedule()
        return plans

    def write(self, vals):
        if TERMS & set(vals) and self.filtered(lambda p: p.state != "draft"):
            raise UserError(
                self.env._(
                    "The terms of an agreed payment plan cannot be changed: cancel the plan "
                    "and agree a new one."
                )
            )
        result = super().write(vals)
        if {"move_ids", "instalment_count", "first_date", "down_payment"} & set(vals) and (
            "line_ids" not in vals
        ):
            self.filtered(lambda p: p.state == "draft" and p.move_ids)._build_schedule()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agreed(self):
        if self.filtered(lambda p: p.state not in ("draft", "cancel")):
            raise UserError(self.env._("An agreed payment plan cannot be deleted: cancel it."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_compute_schedule(self):
        if self.filtered(lambda p: p.state != "draft"):
            raise UserError(self.env._("Only a draft plan's schedule can be computed again."))
        self._build_schedule()
        return True

    def action_agree(self):
        """The citizen and the officer agree the plan at the counter. Within the company's
        limits it runs at once; beyond them it waits for the finance manager."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft payment plan can be agreed."))
            plan._check_terms()
        self.write({"agreed_by_id": self.env.uid})
        finance = self.env.user.has_group(FINANCE_MANAGER)
        to_approve = self.filtered(lambda p: p.needs_approval and not finance)
        to_approve.write({"state": "to_approve"})
        approver = to_approve and to_approve._get_approver()
        for plan in to_approve:
            if approver:
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Approve payment plan %s", plan.name),
                    user_id=approver.id,
                )
            plan.message_post(
                body=self.env._(
                    "Plan agreed at the counter; it exceeds the limits of the utility office "
                    "(%(amount)s of arrears or %(count)s instalments) and waits for the finance "
                    "manager's approval.",
                    amount=plan.currency_id.format(plan.company_id.dura_plan_approval_amount),
                    count=plan.company_id.dura_plan_max_instalments,
                )
            )
        (self - to_approve)._start()
        return True

    def action_approve(self):
        if not self.env.user.has_group(FINANCE_MANAGER):
            raise UserError(self.env._("Only a finance manager may approve a payment plan."))
        if self.filtered(lambda p: p.state != "to_approve"):
            raise UserError(self.env._("Only a plan waiting for approval can be approved."))
        for plan in self:
            plan._check_terms(frozen=True)
        self._start(approved=True)
        return True

    def action_cancel(self):
        if self.filtered(lambda p: p.state in ("done", "broken", "cancel")):
            raise UserError(self.env._("Only a draft, waiting or running plan can be cancelled."))
        running = self.filtered(lambda p: p.state == "running")
        running._release_bills()
        self.write({"state": "cancel", "date_closed": fields.Date.context_today(self)})
        return True

    def action_reset_draft(self):
        if self.filtered(lambda p: p.state != "cancel"):
            raise UserError(self.env._("Only a cancelled plan can be reset to draft."))
        self.write({"state": "draft", "date_agreed": False, "agreed_by_id": False})
        self.filtered(lambda p: p.move_ids)._build_schedule()
        return True

    def action_register_payment(self):
        """Odoo's payment wizard on the plan's open bills, with the next amount due: the money
        goes to the bills (oldest first), which is where the plan reads its progress."""
        self.ensure_one()
        if self.state != "running":
            raise UserError(self.env._("Payments are registered on a running plan."))
        bills = self.move_ids.filtered(lambda m: not m.currency_id.is_zero(m.amount_residual))
        if not bills:
            raise UserError(self.env._("The bills of this plan are paid."))
        action = bills.action_register_payment()
        action["context"] = {
            **action.get("context", {}),
            "default_group_payment": True,
            "default_amount": self._get_amount_due_now() or self.amount_remaining,
            "dura_payment_plan_id": self.id,
        }
        return action

    def action_print(self):
        return self.env.ref("dura_utility_billing.action_report_payment_plan").report_action(
            self, config=False
        )
