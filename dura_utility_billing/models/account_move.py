from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    # the bill SMS is sent through the gateway's public entry point
    _inherit = ["account.move", "dura.sms.sender.mixin"]

    dura_subscription_id = fields.Many2one(
        "dura.utility.subscription",
        string="Utility Subscription",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    dura_period = fields.Char("Billing Period", readonly=True, copy=False)
