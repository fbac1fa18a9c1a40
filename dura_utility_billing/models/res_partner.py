from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    utility_subscription_ids = fields.One2many(
        "dura.utility.subscription", "partner_id", string="Utility Subscriptions"
    )
    utility_subscription_count = fields.Integer(compute="_compute_utility_subscription_count")

    @api.depends("utility_subscription_ids")
    def _compute_utility_subscription_count(self):
        if not self.env.user.has_group("dura_utility_billing.group_meter_reader"):
            self.utility_subscription_count = 0
            return
        counts = dict(
            self.env["dura.utility.subscription"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.utility_subscription_count = counts.get(partner, 0)

    def action_view_utility_subscriptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_subscription"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
