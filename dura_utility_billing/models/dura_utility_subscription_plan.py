from odoo import Command, api, fields, models
from odoo.exceptions import UserError


# one file per concern of the subscription, on purpose (see dura_utility_subscription.py)
class DuraUtilitySubscription(models.Model):
    _inherit = "dura.utility.subscription"  # pylint: disable=consider-merging-classes-inherited

    payment_plan_ids = fields.One2many(
        "dura.utility.payment.plan", "subscription_id", string="Payment Plans"
    )
    payment_plan_count = fields.Integer(compute="_compute_payment_plan_count")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("payment_plan_ids")
    def _compute_payment_plan_count(self):
        counts = dict(
            self.env["dura.utility.payment.plan"]._read_group(
                [("subscription_id", "in", self.ids)], ["subscription_id"], ["__count"]
            )
        )
        for subscription in self:
            subscription.payment_plan_count = counts.get(subscription, 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_new_payment_plan(self):
        """A draft plan on the subscription's unpaid bills, for the counter to complete."""
        self.ensure_one()
        bills = self.env["account.move"].search(
            [
                ("dura_subscription_id", "=", self.id),
                ("dura_period", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("dura_collection_hold", "=", False),
            ],
            order="dura_period, id",
        )
        if not bills:
            raise UserError(
                self.env._("Subscription %s has no unpaid bill to put in a plan.", self.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Payment Plan"),
            "res_model": "dura.utility.payment.plan",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_subscription_id": self.id,
                "default_move_ids": [Command.set(bills.ids)],
            },
        }

    def action_view_payment_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_payment_plan"
        )
        action["domain"] = [("subscription_id", "=", self.id)]
        action["context"] = {"default_subscription_id": self.id}
        return action
