from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare

from ..tools import bill_correction as rules

KINDS = [
    ("reading", "Reading Correction"),
    ("tariff", "Tariff Correction"),
    ("waiver", "One-time Waiver"),
    ("settlement", "Settlement"),
]
# a corrected bill replaces the original: the reading or the tariff was wrong
REBILL_KINDS = ("reading", "tariff")
OPEN_STATES = ("draft", "to_approve")
APPROVER_GROUP = "account.group_account_manager"
REQUESTER_GROUP = "account.group_account_invoice"
# written only by the action methods (the workflow and what approval produced): never by a
# form or an RPC write, so that no one approves by writing the state
WORKFLOW_FIELDS = frozenset(
    {
        "name",
        "state",
        "requested_by_id",
        "date_requested",
        "approved_by_id",
        "date_approved",
        "refused_by_id",
        "date_refused",
        "credit_note_id",
        "corrected_move_id",
        "corrected_reading_id",
        "bill_id",
        "original_reading_id",
    }
)
# what the request says: frozen once submitted, what the approver saw is what is applied
REQUEST_FIELDS = frozenset({"move_id", "kind", "corrected_value", "tariff_id", "amount", "reason"})


class DuraUtilityBillCorrection(models.Model):
    """A correction of a posted utility bill asked by the billing office and applied only when
    a finance manager who did not ask for it approves it (four eyes, DIGIT's bill amendment).

    Approval of a reading or tariff correction posts a credit note of the whole bill (Odoo's
    reversal, reconciled with it) and a corrected bill built by the billing run's own code
    with the corrected reading or tariff; the payments already made on the original go to the
    corrected bill. A waiver or a settlement posts a credit note of its amount only, at most
    what the bill owes. The citizen is told by SMS."""

    _name = "dura.utility.bill.correction"
    _description = "Utility Bill Correction"
    _inherit = ["mail.thread", "dura.sms.sender.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    move_id = fields.Many2one(
        "account.move",
        "Bill",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('dura_period', '!=', False), ('payment_state', '!=', 'reversed')]",
    )
    # the period's bill record and the reading it billed, as they were when the correction was
    # asked: approval moves the bill record to the corrected invoice and reading
    bill_id = fields.Many2one(
        "dura.utility.bill",
        "Utility Bill",
        compute="_compute_bill_id",
        store=True,
        precompute=True,
        copy=False,
    )
    subscription_id = fields.Many2one(
        related="move_id.dura_subscription_id", store=True, string="Subscription"
    )
    partner_id = fields.Many2one(related="move_id.partner_id", store=True, string="Citizen")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    period = fields.Char(related="move_id.dura_period")
    utility = fields.Selection(related="subscription_id.utility")
    kind = fields.Selection(KINDS, required=True, default="reading", tracking=True)
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    # the billed reading, kept as it was billed: the bill's own reading changes on approval
    original_reading_id = fields.Many2one(
        "dura.utility.reading",
        "Billed Reading",
        compute="_compute_bill_id",
        store=True,
        precompute=True,
        copy=False,
    )
    original_value = fields.Float(
        "Billed Index", related="original_reading_id.value", digits=(16, 3)
    )
    previous_value = fields.Float(
        "Previous Index", related="original_reading_id.previous_value", digits=(16, 3)
    )
    original_consumption = fields.Float(
        "Billed Consumption", related="original_reading_id.consumption", digits=(16, 3)
    )
    corrected_value = fields.Float("Corrected Index", digits=(16, 3), tracking=True)
    original_tariff_id = fields.Many2one(
        "dura.utility.tariff", "Billed Tariff", compute="_compute_original_tariff_id"
    )
    tariff_id = fields.Many2one(
        "dura.utility.tariff",
        "Corrected Tariff",
        tracking=True,
        domain="[('utility', '=', utility), ('currency_id', '=', currency_id)]",
    )
    amount = fields.Monetary(
        "Amount to Credit", tracking=True, help="Waiver or settlement: the amount credited."
    )
    amount_original = fields.Monetary("Billed Amount", related="move_id.amount_total")
    amount_due = fields.Monetary("Amount Due", related="move_id.amount_residual")
    amount_new = fields.Monetary(
        "Corrected Amount",
        compute="_compute_amounts",
        help="What the bill comes to once corrected: the corrected bill's total, or for a "
        "waiver or settlement what is left to pay.",
    )
    amount_difference = fields.Monetary("Difference", compute="_compute_amounts")
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_requested = fields.Datetime("Requested On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_approved = fields.Datetime("Approved On", readonly=True, copy=False)
    refused_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_refused = fields.Datetime("Refused On", readonly=True, copy=False)
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False)
    corrected_move_id = fields.Many2one("account.move", "Corrected Bill", readonly=True, copy=False)
    corrected_reading_id = fields.Many2one(
        "dura.utility.reading",
        readonly=True,
        copy=False,
        help="Reading correction: the corrected index, recorded as a reading of kind "
        "'Correction' on the billed reading's date, so that the next period continues from it.",
    )

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("move_id")
    def _compute_bill_id(self):
        # sudo: the cashier asks for corrections without reading the runs' bill records
        bills = self.env["dura.utility.bill"].sudo().search([("move_id", "in", self.move_id.ids)])
        bill_of = {bill.move_id.id: bill for bill in bills}
        for correction in self:
            bill = bill_of.get(correction.move_id.id, self.env["dura.utility.bill"])
            correction.bill_id = bill.id
            correction.original_reading_id = bill.reading_id.id

    @api.depends("move_id")
    def _compute_original_tariff_id(self):
        for correction in self:
            lines = correction.move_id.invoice_line_ids
            correction.original_tariff_id = lines.dura_tariff_block_id.tariff_id[:1] or (
                correction.subscription_id.tariff_id
            )

    @api.depends(
        "kind",
        "corrected_value",
        "tariff_id",
        "amount",
        "move_id",
        "state",
        "corrected_move_id.amount_total",
    )
    def _compute_amounts(self):
        for correction in self:
            original = correction.move_id
            if correction.kind in REBILL_KINDS:
                if correction.corrected_move_id:
                    new = correction.corrected_move_id.amount_total
                else:
                    new = correction._preview_total()
                difference = new - original.amount_total
            else:
                residual = original.amount_residual
                # once approved the credit note is reconciled: the bill owes what is left
                new = residual if correction.state == "approved" else residual - correction.amount
                difference = -correction.amount
            correction.amount_new = new
            correction.amount_difference = difference

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    def init(self):
        # one open correction per bill, whatever the path that creates them
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dura_utility_bill_correction_open_uniq "
                "ON %s (move_id) WHERE state IN %s",
                SQL.identifier(self._table),
                OPEN_STATES,
            )
        )

    @api.constrains("move_id", "state")
    def _check_one_open(self):
        open_ones = self.filtered(lambda c: c.state in OPEN_STATES)
        if not open_ones:
            return
        counts = dict(
            self._read_group(
                [("move_id", "in", open_ones.move_id.ids), ("state", "in", OPEN_STATES)],
                ["move_id"],
                ["__count"],
            )
        )
        for correction in open_ones:
            if counts.get(correction.move_id, 0) > 1:
                raise ValidationError(
                    self.env._(
                        "Bill %s already has a correction in progress: finish or refuse it "
                        "first.",
                        correction.move_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            protected = {
                name for name in WORKFLOW_FIELDS & set(vals) if vals[name] and name != "name"
            }
            if protected - {"state"} or vals.get("state", "draft") != "draft":
                raise AccessError(
                    self.env._("A bill correction is created as a draft, then submitted.")
                )
        move_ids = [vals.get("move_id") for vals in vals_list]
        moves = self.env["account.move"].browse(move_ids)
        moves._dura_check_correctable()
        # the open-correction index would refuse it too, in the words of a database error
        self.flush_model(["move_id", "state"])
        busy = self.search([("move_id", "in", moves.ids), ("state", "in", OPEN_STATES)])
        if busy or len(set(move_ids)) < len(move_ids):
            raise ValidationError(
                self.env._(
                    "Bill %s already has a correction in progress: finish or refuse it first.",
                    (busy.move_id or moves)[:1].name,
                )
            )
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            vals["name"] = sequence.next_by_code("dura.utility.bill.correction") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if WORKFLOW_FIELDS & set(vals):
            raise AccessError(
                self.env._(
                    "The state of a bill correction changes only through its buttons "
                    "(submit, approve, refuse): a finance manager other than the requester "
                    "approves it."
                )
            )
        if REQUEST_FIELDS & set(vals) and self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._("A bill correction can only be changed while it is a draft.")
            )
        if "move_id" in vals:
            self.env["account.move"].browse(vals["move_id"])._dura_check_correctable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only a draft bill correction can be deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        """The billing office asks for the correction: it waits for a finance manager and the
        bill is held from collection meanwhile."""
        if not self.env.user.has_group(REQUESTER_GROUP):
            raise AccessError(self.env._("Only the billing office submits bill corrections."))
        for correction in self:
            if correction.state != "draft":
                raise UserError(self.env._("Bill correction %s is not a draft.", correction.name))
            correction._check_request()
        self._write_workflow(
            {
                "state": "to_approve",
                "requested_by_id": self.env.uid,
                "date_requested": fields.Datetime.now(),
            }
        )
        self.move_id.filtered(lambda m: not m.dura_collection_hold).sudo().write(
            {"dura_collection_hold": "correction"}
        )
        return True

    def action_approve(self):
        """A finance manager who did not ask for it applies the correction."""
        self._check_decider()
        for correction in self:
            correction._check_request()
            correction._apply()
        return True

    def action_refuse(self):
        self._check_decider()
        self._write_workflow(
            {
                "state": "refused",
                "refused_by_id": self.env.uid,
                "date_refused": fields.Datetime.now(),
            }
        )
        self._release_hold()
        return True

    def action_open_move(self):
        return self._open_moves(self.move_id)

    def action_open_credit_note(self):
        return self._open_moves(self.credit_note_id)

    def action_open_corrected_move(self):
        return self._open_moves(self.corrected_move_id)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _write_workflow(self, vals):
        """Write past the guard of write(): only the action methods call it."""
        return super().write(vals)

    def _open_moves(self, moves):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            {
                "domain": [("id", "in", moves.ids)],
                "context": {"create": False},
                "views": [(False, "form")],
                "res_id": moves[:1].id,
            }
        )
        return action

    def _check_decider(self):
        """Approval and refusal: a finance manager, never the one who asked."""
        if not self.env.user.has_group(APPROVER_GROUP):
            raise AccessError(self.env._("Only a finance manager approves or refuses corrections."))
        for correction in self:
            if correction.state != "to_approve":
                raise UserError(
                    self.env._("Bill correction %s is not waiting for approval.", correction.name)
                )
            requesters = [correction.requested_by_id.id, correction.create_uid.id]
            if rules.refusal_reason(self.env.uid, requesters) == rules.SELF_APPROVAL:
                raise AccessError(
                    self.env._(
                        "You asked for bill correction %s: another finance manager must decide "
                        "it (four eyes).",
                        correction.name,
                    )
                )

    def _check_request(self):
        """The request is complete and still applies to the bill as it is now."""
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        self.move_id._dura_check_correctable()
        bill = self.bill_id
        if self.kind in REBILL_KINDS:
            if not bill or bill.move_id != self.move_id:
                raise UserError(
                    self.env._(
                        "Bill %s is not the current bill of its period: correct the bill that "
                        "replaced it.",
                        self.move_id.name,
                    )
                )
            if bill.credit_applied:
                raise UserError(
                    self.env._(
                        "Bill %s deducted card credit: settle it with a waiver or settlement "
                        "instead.",
                        self.move_id.name,
                    )
                )
        if self.kind == "reading":
            self._check_reading_correction()
        elif self.kind == "tariff":
            if not self.tariff_id or self.tariff_id == self.original_tariff_id:
                raise UserError(self.env._("Choose the tariff the bill should have used."))
            if (
                self.tariff_id.utility != self.utility
                or self.tariff_id.currency_id != self.currency_id
            ):
                raise UserError(
                    self.env._("The corrected tariff must be of the same utility and currency.")
                )
        else:
            reason = rules.credit_reason(
                self.amount, self.move_id.amount_residual, self.currency_id.rounding
            )
            if reason == rules.NOT_POSITIVE:
                raise UserError(self.env._("The amount to credit must be above zero."))
            if reason == rules.ABOVE_DUE:
                raise UserError(
                    self.env._(
                        "The amount to credit (%(amount)s) is above what bill %(bill)s still "
                        "owes (%(due)s).",
                        amount=self.currency_id.format(self.amount),
                        bill=self.move_id.name,
                        due=self.currency_id.format(self.move_id.amount_residual),
                    )
                )

    def _check_reading_correction(self):
        reading = self.original_reading_id
        if reading.kind not in ("regular", "correction"):
            raise UserError(
                self.env._(
                    "Only a regular reading is corrected here; a meter replacement or rollover "
                    "is settled instead."
                )
            )
        _consumption, reason = rules.corrected_consumption(
            reading.previous_value, self.corrected_value
        )
        if reason == rules.BELOW_PREVIOUS:
            raise UserError(
                self.env._(
                    "The corrected index %(value)s is below the previous index %(previous)s.",
                    value=self.corrected_value,
                    previous=reading.previous_value,
                )
            )
        if not float_compare(self.corrected_value, reading.value, precision_digits=3):
            raise UserError(self.env._("The corrected index is the billed one."))
        last = self.env["dura.utility.reading"]._get_last_readings(self.subscription_id)
        latest = last.get(self.subscription_id.id)
        if latest and latest["date"] > reading.date:
            raise UserError(
                self.env._(
                    "Subscription %s was read again since this bill: its next reading already "
                    "started from the billed index. Correct the latest bill, or settle this one.",
                    self.subscription_id.name,
                )
            )

    def _corrected_consumption(self):
        if self.kind == "reading":
            consumption, _reason = rules.corrected_consumption(
                self.original_reading_id.previous_value, self.corrected_value
            )
            return consumption or 0.0
        return self.original_reading_id.consumption

    def _preview_total(self):
        """The corrected bill's total as the billing run would compute it (the tariff's
        arithmetic and its taxes), before anything is posted."""
        tariff = self.tariff_id if self.kind == "tariff" else self.original_tariff_id
        if not tariff or not self.move_id:
            return 0.0
        currency = self.currency_id
        total = 0.0
        for line in tariff._compute_lines(self._corrected_consumption()):
            amount = line.get("amount", 0.0)
            taxes = tariff.tax_ids
            if taxes:
                amount = taxes.compute_all(amount, currency, 1.0)["total_included"]
            total += amount
        return currency.round(total)

    def _apply(self):
        """Post what the approval decides, then tell the citizen."""
        self.ensure_one()
        original = self.move_id
        today = fields.Date.context_today(self)
        if self.kind in REBILL_KINDS:
            credit_note, corrected, reading = self._apply_rebill(original, today)
        else:
            credit_note, corrected, reading = self._apply_credit(original, today)
        self._write_workflow(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "date_approved": fields.Datetime.now(),
                "credit_note_id": credit_note.id,
                "corrected_move_id": corrected.id,
                "corrected_reading_id": reading.id if self.kind == "reading" else False,
            }
        )
        self._release_hold()
        self._notify_citizen()

    def _apply_rebill(self, original, today):
        """Reverse the whole bill (Odoo's reversal with cancel=True: the credit note is posted
        and reconciled with the bill, whose payments are released), bill the period again
        with the billing run's code, then give the released payments to the corrected bill."""
        receivable = original.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        paid_with = receivable.matched_credit_ids.credit_move_id
        credit_note = original._reverse_moves(
            [
                {
                    "ref": self.env._(
                        "%(correction)s: %(reason)s", correction=self.name, reason=self.reason
                    ),
                    "invoice_date": today,
                    "dura_correction_id": self.id,
                    "dura_subscription_id": original.dura_subscription_id.id,
                }
            ],
            cancel=True,
        )
        bill = self.bill_id.sudo()
        reading = self.original_reading_id
        if self.kind == "reading":
            # the billed reading is locked: the corrected index is a new reading of the same
            # date, the latest one, from which the next period's reading continues
            # sudo: a finance manager need not be a meter reader
            reading = (
                self.env["dura.utility.reading"]
                .sudo()
                .create(
                    {
                        "subscription_id": self.subscription_id.id,
                        "date": self.original_reading_id.date,
                        "kind": "correction",
                        "value": self.corrected_value,
                        "meter_number": self.original_reading_id.meter_number,
                        "note": self.name,
                    }
                )
            )
            reading.previous_value = self.original_reading_id.previous_value
        tariff = self.tariff_id if self.kind == "tariff" else self.original_tariff_id
        # sudo: the bill is the run's record (no one writes it by hand)
        bill.credit_applied = 0.0
        run = self.env["dura.utility.billing.run"].new(
            {
                "utility": bill.utility,
                "period": bill.period,
                "company_id": original.company_id.id,
                "date": today,
                "send_sms": False,
            }
        )
        vals = run._prepare_invoice_vals(
            self.subscription_id, reading.sudo(), original.journal_id, tariff
        )
        # the run's private keys (what it checks and counts after the create), whatever they are
        private = {key: vals.pop(key) for key in [key for key in vals if key.startswith("_")]}
        credit = private["_credit_applied"]
        expected = private["_expected"]
        vals["dura_correction_id"] = self.id
        vals["ref"] = f"{vals['ref']} {self.name}"
        corrected = self.env["account.move"].create([vals])
        run._check_bill_arithmetic(corrected, [expected], self.subscription_id)
        corrected.action_post()
        bill.write(
            {
                "move_id": corrected.id,
                "reading_id": reading.id,
                "consumption": reading.consumption,
                "credit_applied": credit,
            }
        )
        if paid_with:
            account = receivable.account_id
            (paid_with | corrected.line_ids).filtered(
                lambda line: line.account_id == account and not line.reconciled
            ).reconcile()
        return credit_note, corrected, reading

    def _apply_credit(self, original, today):
        """A waiver or settlement: a credit note of the amount only, reconciled with the bill."""
        product_line = original.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )[:1]
        label = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        credit_note = self.env["account.move"].create(
            [
                {
                    "move_type": "out_refund",
                    "partner_id": original.partner_id.id,
                    "company_id": original.company_id.id,
                    "journal_id": original.journal_id.id,
                    "currency_id": original.currency_id.id,
                    "invoice_date": today,
                    "reversed_entry_id": original.id,
                    "invoice_origin": original.name,
                    "ref": self.env._(
                        "%(correction)s: %(reason)s", correction=self.name, reason=self.reason
                    ),
                    "dura_correction_id": self.id,
                    "dura_subscription_id": original.dura_subscription_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product_line.product_id.id,
                                "account_id": product_line.account_id.id,
                                "name": f"{label} - {original.name}",
                                "quantity": 1.0,
                                "price_unit": self.amount,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": False,
                            }
                        )
                    ],
                }
            ]
        )
        credit_note.action_post()
        account = original.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).account_id
        (original.line_ids | credit_note.line_ids).filtered(
            lambda line: line.account_id in account and not line.reconciled
        ).reconcile()
        return credit_note, self.env["account.move"], self.env["dura.utility.reading"]

    def _release_hold(self):
        self.move_id.filtered(lambda m: m.dura_collection_hold == "correction").sudo().write(
            {"dura_collection_hold": False}
        )

    def _notify_citizen(self):
        template = self.env.ref("dura_utility_billing.sms_template_bill_correction")
        report = self._dura_queue_sms(template)
        if report.created_ids:
            self.message_post(body=self.env._("The citizen was told of the correction by SMS."))
        return report
