from odoo import api, fields, models


class DuraUtilityPaymentPlanLine(models.Model):
    """One instalment of a payment plan: a date and an amount the citizen pays against the
    plan's bills (no invoice of its own, see the plan)."""

    _name = "dura.utility.payment.plan.line"
    _description = "Payment Plan Instalment"
    _order = "plan_id, date, id"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    plan_id = fields.Many2one(
        "dura.utility.payment.plan", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer("No.", readonly=True)
    date = fields.Date("Due Date", required=True)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    is_paid = fields.Boolean("Paid", compute="_compute_is_paid")
    reminder_sent = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("sequence", "date", "amount")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "Instalment %(number)s: %(amount)s on %(date)s",
                number=line.sequence,
                amount=line.currency_id.format(line.amount) if line.currency_id else line.amount,
                date=line.date,
            )

    @api.depends("plan_id.move_ids.amount_residual", "amount")
    def _compute_is_paid(self):
        for plan, lines in self.grouped("plan_id").items():
            if not plan:  # a line still being added, outside a plan
                lines.is_paid = False
                continue
            paid = dict(zip(plan.line_ids, plan._get_status().paid[1:], strict=True))
            for line in lines:
                line.is_paid = paid.get(line, False)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("date", "amount")
    def _check_plan_dates(self):
        # the plan's rule, also when a line alone is edited
        self.plan_id._check_dates()

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["dura.utility.payment.plan"].browse(
            {vals.get("plan_id") for vals in vals_list}
        )
        plans._check_draft_terms()
        return super().create(vals_list)

    def write(self, vals):
        if {"date", "amount", "plan_id"} & set(vals):
            self.plan_id._check_draft_terms()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agreed(self):
        self.plan_id.exists().filtered(lambda p: p.state != "cancel")._check_draft_terms()
