from odoo import fields, models


class DuraUtilityFeeWaiveWizard(models.TransientModel):
    """The finance manager waives a late fee, with the reason kept in the file."""

    _name = "dura.utility.fee.waive.wizard"
    _description = "Waive a Late Fee"

    move_id = fields.Many2one(
        "account.move",
        "Late Fee",
        required=True,
        domain="[('dura_fee_kind', '=', 'late'), ('state', '=', 'posted')]",
    )
    amount = fields.Monetary(related="move_id.amount_total")
    currency_id = fields.Many2one(related="move_id.currency_id")
    origin_id = fields.Many2one(related="move_id.dura_fee_origin_id", string="Bill")
    reason = fields.Text(required=True)

    def action_waive(self):
        self.ensure_one()
        self.move_id._dura_waive_fee(self.reason)
        return {"type": "ir.actions.act_window_close"}
