from odoo import api, fields, models
from odoo.exceptions import ValidationError

COLLECTION_ACTIONS = [
    ("reminder", "Reminder"),
    ("notice", "Overdue Notice"),
    ("final", "Final Notice"),
    ("disconnect", "Disconnection Order"),
]
FEE_KINDS = [
    ("none", "No Fee"),
    ("fixed", "Fixed Amount"),
    ("percent", "Percent of the Overdue Amount"),
]


class DuraUtilityCollectionLevel(models.Model):
    """One step of a collection policy: when (days from the due date), what (reminder, notice,
    final notice, disconnection order), the SMS that tells the citizen, and the late fee."""

    _name = "dura.utility.collection.level"
    _description = "Utility Collection Level"
    _order = "policy_id, sequence, id"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    policy_id = fields.Many2one(
        "dura.utility.collection.policy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    sequence = fields.Integer(
        required=True,
        default=10,
        help="Bills go through the levels in this order, one level at a time, never back.",
    )
    name = fields.Char(required=True, translate=True)
    delay = fields.Integer(
        "Days After Due Date",
        required=True,
        help="Days after the bill's due date; negative: a reminder before it.",
    )
    action = fields.Selection(COLLECTION_ACTIONS, required=True, default="notice")
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain="[('model', '=', 'account.move')]",
        help="The text sent to the citizen when the bill reaches this level. It must be "
        "approved by an SMS approver once (transactional) before any is sent.",
    )
    fee_kind = fields.Selection(FEE_KINDS, "Late Fee", required=True, default="none")
    fee_amount = fields.Monetary("Fixed Fee")
    fee_percent = fields.Float("Fee (%)", digits=(5, 2))

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("name", "policy_id.name")
    def _compute_display_name(self):
        """The policy's name first: water and electricity both have an "overdue notice", and
        reports grouped by level must tell them apart."""
        for level in self:
            level.display_name = (
                f"{level.policy_id.name}: {level.name}" if level.policy_id else level.name
            )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    _sql_constraints = [
        (
            "sequence_unique",
            "unique(policy_id, sequence)",
            "Two levels of a policy cannot have the same sequence.",
        ),
    ]

    @api.constrains("fee_kind", "fee_amount", "fee_percent", "action", "delay", "sms_template_id")
    def _check_fee(self):
        for level in self:
            if level.fee_kind == "fixed" and level.fee_amount <= 0:
                raise ValidationError(self.env._("A fixed late fee must be more than 0."))
            if level.fee_kind == "percent" and not 0 < level.fee_percent <= 100:
                raise ValidationError(
                    self.env._("A late fee percentage must be more than 0 and at most 100.")
                )
            if level.action != "reminder" and level.delay < 0:
                raise ValidationError(
                    self.env._("Only a reminder comes before the due date (a negative delay).")
                )
            if level.action == "reminder" and level.fee_kind != "none":
                raise ValidationError(self.env._("A reminder before the due date has no fee."))
            if level.sms_template_id and level.sms_template_id.model != "account.move":
                raise ValidationError(self.env._("A level's SMS template must be for invoices."))
