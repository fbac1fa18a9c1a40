from odoo import api, fields, models
from odoo.exceptions import UserError

ORDER_KINDS = [("disconnect", "Disconnection"), ("reconnect", "Reconnection")]
# the citizen's SMS at each step of an order: (kind, step) -> template xml id
ORDER_SMS = {
    ("disconnect", "issued"): "dura_utility_billing.sms_template_order_disconnect",
    ("disconnect", "done"): "dura_utility_billing.sms_template_order_disconnected",
    ("reconnect", "issued"): "dura_utility_billing.sms_template_order_reconnect",
    ("reconnect", "done"): "dura_utility_billing.sms_template_order_reconnected",
}
FIELD_ACTIVITY = "dura_utility_billing.mail_activity_service_order"


class DuraUtilityServiceOrder(models.Model):
    """A field team's order to disconnect a meter for unpaid bills, or to reconnect it once
    they are paid: address, meter and amount due for the team, executed with the date and the
    meter's reading."""

    _name = "dura.utility.service.order"
    _description = "Utility Service Order"
    _inherit = ("mail.thread", "mail.activity.mixin", "dura.sms.sender.mixin")
    _order = "date_issued desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    kind = fields.Selection(ORDER_KINDS, required=True, readonly=True, index=True)
    state = fields.Selection(
        [("open", "To Do"), ("done", "Executed"), ("cancelled", "Cancelled")],
        required=True,
        default="open",
        readonly=True,
        tracking=True,
        index=True,
    )
    subscription_id = fields.Many2one(
        "dura.utility.subscription", required=True, readonly=True, index=True, check_company=True
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id", store=True, string="Citizen")
    mobile = fields.Char(related="subscription_id.partner_id.mobile")
    utility = fields.Selection(related="subscription_id.utility", store=True)
    meter_number = fields.Char(related="subscription_id.meter_number")
    address = fields.Char(related="subscription_id.address")
    quarter = fields.Char(related="subscription_id.quarter", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_due = fields.Monetary(
        readonly=True, help="The subscription's overdue amount when the order was issued."
    )
    move_ids = fields.Many2many("account.move", string="Overdue Bills", readonly=True)
    fee_move_id = fields.Many2one("account.move", "Reconnection Fee", readonly=True)
    user_id = fields.Many2one(
        "res.users", "Field Technician", tracking=True, default=lambda self: self.env.user
    )
    date_issued = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    date_done = fields.Date("Execution Date", tracking=True)
    reading_value = fields.Float("Meter Reading", digits=(16, 3), tracking=True)
    note = fields.Text()

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("dura.utility.service.order") or "/"
                )
        orders = super().create(vals_list)
        for order in orders:
            order.activity_schedule(
                FIELD_ACTIVITY,
                summary=order._activity_summary(),
                user_id=(order.user_id or self.env.user).id,
            )
        orders._queue_step_sms("issued")
        return orders

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_execute(self):
        """The field team did it: the meter's index on that date, then the subscription is
        disconnected (or active again) and the citizen told."""
        for order in self:
            if order.state != "open":
                raise UserError(self.env._("Order %s is not to do any more.", order.name))
            if not order.date_done:
                raise UserError(self.env._("Give the date order %s was carried out.", order.name))
            if order.reading_value < order.subscription_id.last_reading_value:
                raise UserError(
                    self.env._(
                        "The reading %(value)s of order %(order)s is below the meter's last "
                        "reading %(last)s.",
                        value=order.reading_value,
                        order=order.name,
                        last=order.subscription_id.last_reading_value,
                    )
                )
        self.write({"state": "done"})
        disconnected = self.filtered(lambda o: o.kind == "disconnect")
        disconnected.subscription_id.sudo().write({"state": "disconnected"})
        reconnected = self - disconnected
        reconnected.subscription_id.sudo().write({"state": "active"})
        self.activity_feedback([FIELD_ACTIVITY])
        for order in self:
            order.subscription_id.message_post(
                body=self.env._(
                    "%(order)s executed on %(date)s, meter reading %(reading)s.",
                    order=order._get_html_link(),
                    date=order.date_done,
                    reading=order.reading_value,
                )
            )
        self._queue_step_sms("done")
        # paid while the team was on its way: reconnect at once
        disconnected.subscription_id._dura_collection_check_settled()
        return True

    def action_cancel(self):
        if self.filtered(lambda o: o.state != "open"):
            raise UserError(self.env._("Only orders to do can be cancelled."))
        self.write({"state": "cancelled"})
        self.activity_unlink([FIELD_ACTIVITY])
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _activity_summary(self):
        self.ensure_one()
        return self.env._(
            "%(kind)s: meter %(meter)s, %(address)s",
            kind=dict(self._fields["kind"]._description_selection(self.env))[self.kind],
            meter=self.meter_number,
            address=self.address or self.quarter or "",
        )

    def _queue_step_sms(self, step):
        for kind in ("disconnect", "reconnect"):
            orders = self.filtered(lambda o, kind=kind: o.kind == kind)
            template = self.env.ref(ORDER_SMS[(kind, step)], raise_if_not_found=False)
            if orders and template:
                orders._dura_queue_sms(template, post=True, skip_unsendable=True)

    @api.model
    def _issue_disconnections(self, lines):
        """A disconnection order for each subscription of these disconnection steps that has
        none open and is not disconnected already."""
        subscriptions = lines.subscription_id
        busy = self.search(
            [
                ("subscription_id", "in", subscriptions.ids),
                ("kind", "=", "disconnect"),
                ("state", "=", "open"),
            ]
        ).subscription_id
        arrears = self.env["account.move"]._dura_arrears_by_subscription(subscriptions)
        vals_list, by_subscription = [], {}
        for line in lines:
            subscription = line.subscription_id
            if subscription in busy or subscription.state == "disconnected":
                continue
            if subscription.id in by_subscription:
                by_subscription[subscription.id]["lines"] |= line
                continue
            by_subscription[subscription.id] = {"lines": line}
            vals_list.append(
                {
                    "kind": "disconnect",
                    "subscription_id": subscription.id,
                    "company_id": subscription.company_id.id,
                    "amount_due": arrears.get(subscription.id, 0.0),
                    "move_ids": [(6, 0, line.move_id.ids)],
                    "user_id": (line.level_id.policy_id.field_user_id or self.env.user).id,
                }
            )
        orders = self.create(vals_list)
        for order in orders:
            by_subscription[order.subscription_id.id]["lines"].write({"order_id": order.id})
        return orders
