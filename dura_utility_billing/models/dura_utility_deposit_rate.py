from odoo import api, fields, models

from .dura_utility_tariff import UTILITIES


class DuraUtilityDepositRate(models.Model):
    """The deposit a new postpaid connection pays, per utility and tariff category: set by the
    finance manager (a deposit is credit policy, not a price), read by the utility office that
    activates the subscription. A small model rather than a field on the tariff: tariffs get
    new versions and their owner is the utility office."""

    _name = "dura.utility.deposit.rate"
    _description = "Utility Connection Deposit"
    _order = "utility, category"
    _check_company_auto = True

    def _selection_category(self):
        return self.env["dura.utility.tariff"]._fields["category"]._description_selection(self.env)

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    utility = fields.Selection(UTILITIES, required=True)
    category = fields.Selection("_selection_category", string="Tariff Category", required=True)
    amount = fields.Monetary("Deposit", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "rate_uniq",
            "UNIQUE(company_id, utility, category)",
            "There is already a deposit for this utility and category.",
        ),
        ("amount_positive", "CHECK(amount >= 0)", "A deposit cannot be negative."),
    )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _get_amounts(self, subscriptions):
        """{subscription id: deposit amount} for `subscriptions`, in one search."""
        rates = self.search(
            [
                ("company_id", "in", subscriptions.company_id.ids),
                ("utility", "in", list(set(subscriptions.mapped("utility")))),
            ]
        )
        amount_of = {(r.company_id.id, r.utility, r.category): r.amount for r in rates}
        return {
            s.id: amount_of.get((s.company_id.id, s.utility, s.tariff_id.category), 0.0)
            for s in subscriptions
        }
