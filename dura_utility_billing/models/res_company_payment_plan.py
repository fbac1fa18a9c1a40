from odoo import fields, models


class ResCompany(models.Model):
    """The terms within which the utility office agrees a payment plan at the counter; beyond
    them the finance manager approves it (a municipality's credit is the finance office's
    decision, an ordinary spread of arrears the counter's)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    dura_plan_approval_amount = fields.Monetary(
        "Plan Approval Above",
        currency_field="currency_id",
        default=3000.0,
        help="Payment plans on more arrears than this need the finance manager's approval.",
    )
    dura_plan_max_instalments = fields.Integer(
        "Instalments Without Approval",
        default=6,
        help="Payment plans with more instalments than this need the finance manager's "
        "approval.",
    )
    dura_plan_grace_days = fields.Integer(
        "Instalment Grace Days",
        default=10,
        help="An instalment still unpaid this many days after its date breaks the plan: "
        "collection of its bills resumes.",
    )
    dura_plan_reminder_days = fields.Integer(
        "Instalment Reminder Days",
        default=3,
        help="Days before an instalment's date when the citizen is reminded by SMS.",
    )
