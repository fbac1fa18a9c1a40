from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dura_utility_tariff import UTILITIES


class DuraUtilityCollectionPolicy(models.Model):
    """How the municipality collects the overdue bills of one utility (and, optionally, one
    tariff category): the levels a bill goes through after its due date. Set by the finance
    manager; the utility office reads it."""

    _name = "dura.utility.collection.policy"
    _description = "Utility Collection Policy"
    _inherit = ("mail.thread",)
    _order = "company_id, utility, category, id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    utility = fields.Selection(UTILITIES, required=True, tracking=True)
    # the tariff's categories, in the same words (one translation each)
    category = fields.Selection(
        [
            ("residential", "Residential"),
            ("commercial", "Commercial"),
            ("industrial", "Industrial"),
            ("public", "Public Institution"),
        ],
        string="Tariff Category",
        tracking=True,
        help="Empty: the policy of every category of the utility that has no policy of its own.",
    )
    level_ids = fields.One2many(
        "dura.utility.collection.level", "policy_id", string="Levels", copy=True
    )
    reconnection_fee = fields.Monetary(
        tracking=True, help="Invoiced with each reconnection order; 0: no fee."
    )
    field_user_id = fields.Many2one(
        "res.users",
        string="Field Technician",
        tracking=True,
        help="Who disconnection and reconnection orders are assigned to.",
    )
    call_user_id = fields.Many2one(
        "res.users",
        string="Counter Contact",
        tracking=True,
        help="Who calls a citizen whose last notice was not delivered before a disconnection "
        "(the service center or the utility office). Empty: the policy's author.",
    )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("active", "company_id", "utility", "category")
    def _check_one_policy(self):
        for policy in self.filtered("active"):
            twins = self.search_count(
                [
                    ("id", "!=", policy.id),
                    ("company_id", "=", policy.company_id.id),
                    ("utility", "=", policy.utility),
                    ("category", "=", policy.category),
                ]
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has an active collection policy for this utility "
                        "and category: archive it first.",
                        company=policy.company_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _policy_map(self, companies):
        """{(company id, utility, category or False): policy} of the active policies."""
        policies = self.search([("company_id", "in", companies.ids)])
        return {(p.company_id.id, p.utility, p.category or False): p for p in policies}

    @api.model
    def _policy_for(self, policy_map, company, utility, category):
        """The category's own policy, else the utility's general one."""
        return policy_map.get((company.id, utility, category)) or policy_map.get(
            (company.id, utility, False)
        )

    def _counter_user(self):
        self.ensure_one()
        return self.call_user_id or self.create_uid
