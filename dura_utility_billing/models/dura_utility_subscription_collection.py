from odoo import fields, models

RECONNECTION_PRODUCT = "dura_utility_billing.product_reconnection_fee"


# one file per concern of the subscription: collection (disconnection and reconnection)
class DuraUtilitySubscription(models.Model):
    _inherit = "dura.utility.subscription"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    state = fields.Selection(
        selection_add=[("disconnected", "Disconnected")],
        ondelete={"disconnected": "set default"},
    )
    service_order_ids = fields.One2many(
        "dura.utility.service.order", "subscription_id", string="Service Orders"
    )
    service_order_count = fields.Integer(compute="_compute_service_order_count")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    def _compute_service_order_count(self):
        counts = dict(
            self.env["dura.utility.service.order"]._read_group(
                [("subscription_id", "in", self.ids)], ["subscription_id"], ["__count"]
            )
        )
        for subscription in self:
            subscription.service_order_count = counts.get(subscription, 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_service_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_service_order"
        )
        action["domain"] = [("subscription_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _dura_collection_check_settled(self):
        """Settle the subscriptions of self that wait on their arrears (disconnected, or with
        a disconnection order to do) and whose overdue bills are now all paid."""
        Order = self.env["dura.utility.service.order"].sudo()
        pending = Order.search(
            [
                ("subscription_id", "in", self.ids),
                ("kind", "=", "disconnect"),
                ("state", "=", "open"),
            ]
        ).subscription_id
        waiting = self.filtered(lambda s: s.state == "disconnected") | pending
        if not waiting:
            return Order
        arrears = self.env["account.move"]._dura_arrears_by_subscription(waiting)
        settled = waiting.filtered(
            lambda s: s.currency_id.compare_amounts(arrears.get(s.id, 0.0), 0.0) <= 0
        )
        return settled._dura_collection_settled()

    def _dura_collection_settled(self):
        """The citizen settled the arrears (paid, or agreed a payment plan: the payment plan
        calls this): a disconnection order not carried out yet is cancelled, and a disconnected
        meter gets a reconnection order with its reconnection fee invoice. Returns the
        reconnection orders issued. Idempotent: an open reconnection order is not doubled."""
        Order = self.env["dura.utility.service.order"].sudo()
        subscriptions = self.sudo()
        orders = Order.search(
            [("subscription_id", "in", subscriptions.ids), ("state", "=", "open")]
        )
        to_cancel = orders.filtered(lambda o: o.kind == "disconnect")
        if to_cancel:
            to_cancel.action_cancel()
            for order in to_cancel:
                order.message_post(body=self.env._("Cancelled: the arrears are settled."))
        reconnecting = orders.filtered(lambda o: o.kind == "reconnect").subscription_id
        to_reconnect = subscriptions.filtered(
            lambda s: s.state == "disconnected" and s not in reconnecting
        )
        if not to_reconnect:
            return Order
        policies = self.env["dura.utility.collection.policy"].sudo()
        policy_map = policies._policy_map(to_reconnect.company_id)
        fees, fee_index = [], {}
        for subscription in to_reconnect:
            policy = policies._policy_for(
                policy_map,
                subscription.company_id,
                subscription.utility,
                subscription.tariff_id.category,
            )
            if policy and policy.reconnection_fee > 0:
                fee_index[subscription.id] = len(fees)
                fees.append(
                    {
                        "subscription": subscription,
                        "kind": "reconnection",
                        "product": self.env.ref(RECONNECTION_PRODUCT),
                        "label": self.env._(
                            "Reconnection fee, meter %(meter)s", meter=subscription.meter_number
                        ),
                        "amount": policy.reconnection_fee,
                    }
                )
        fee_moves = self.env["account.move"].sudo()._dura_create_fees(fees)
        user_of = {
            subscription.id: (
                policies._policy_for(
                    policy_map,
                    subscription.company_id,
                    subscription.utility,
                    subscription.tariff_id.category,
                )
                or policies
            ).field_user_id
            for subscription in to_reconnect
        }
        return Order.create(
            [
                {
                    "kind": "reconnect",
                    "subscription_id": subscription.id,
                    "company_id": subscription.company_id.id,
                    "fee_move_id": (
                        fee_moves[fee_index[subscription.id]].id
                        if subscription.id in fee_index
                        else False
                    ),
                    "user_id": (user_of[subscription.id] or self.env.user).id,
                }
                for subscription in to_reconnect
            ]
        )
