from odoo import api, fields, models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    dura_kind = fields.Selection(
        [("transactional", "Transactional"), ("bulk", "Bulk")],
        string="Kind",
        default="transactional",
        help="Transactional notices about a citizen's own file are delivered even to "
        "blacklisted numbers; bulk messages (bills campaigns, awareness) respect the blacklist.",
    )
    dura_res_model = fields.Char("Related Model", index=True)
    dura_res_id = fields.Many2oneReference("Related Record", model_field="dura_res_model")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records.filtered(lambda sms: sms.state == "outgoing"):
            # leave within seconds instead of waiting for the hourly queue cron
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return records
