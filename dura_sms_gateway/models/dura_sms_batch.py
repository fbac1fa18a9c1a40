from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.sms_segments import count_segments


class DuraSmsBatch(models.Model):
    """A bulk send (campaign, awareness message, bills by SMS) waiting for an approver."""

    _name = "dura.sms.batch"
    _description = "SMS Approval Batch"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    state = fields.Selection(
        [("to_approve", "To Approve"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="to_approve",
        required=True,
        readonly=True,
        tracking=True,
    )
    body = fields.Text("Sample Text", readonly=True, help="Text of the first message of the batch.")
    sms_ids = fields.One2many("sms.sms", "dura_batch_id", "SMS", readonly=True)
    sms_count = fields.Integer("Number of SMS", compute="_compute_figures", store=True)
    segment_count = fields.Integer("Segments", compute="_compute_figures", store=True)
    estimated_cost = fields.Float(compute="_compute_figures", store=True, digits=(12, 2))
    approved_by_id = fields.Many2one("res.users", "Decided By", readonly=True)
    approved_date = fields.Datetime("Decided On", readonly=True)
    reject_reason = fields.Char(readonly=True)

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("sms_ids")
    def _compute_figures(self):
        providers = self.env["dura.sms.provider"].sudo().search([], limit=1)
        rate = providers.cost_per_segment
        for batch in self:
            segments = sum(count_segments(sms.body or "").segments for sms in batch.sms_ids)
            batch.sms_count = len(batch.sms_ids)
            batch.segment_count = segments
            batch.estimated_cost = segments * rate

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("dura.sms.batch") or self.env._(
                    "New"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _check_approver(self):
        if not self.env.user.has_group("dura_sms_gateway.group_sms_approver"):
            raise UserError(self.env._("Only SMS approvers can approve or reject a bulk send."))
        if any(batch.state != "to_approve" for batch in self):
            raise UserError(
                self.env._("Only batches waiting for approval can be approved or rejected.")
            )

    def action_approve(self):
        self._check_approver()
        self.sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        sms = self.sudo().sms_ids.filtered(lambda s: s.state == "to_approve")
        sms.write({"state": "outgoing"})
        sms._dura_trigger_dispatch()
        for batch in self:
            batch.message_post(
                body=self.env._("Approved: %(count)s SMS queued.", count=batch.sms_count)
            )
        return True

    def action_reject(self, reason=None):
        self._check_approver()
        self.sudo().write(
            {
                "state": "rejected",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
                "reject_reason": reason,
            }
        )
        sms = self.sudo().sms_ids.filtered(lambda s: s.state == "to_approve")
        sms.write({"state": "canceled"})
        for batch in self:
            batch.message_post(body=self.env._("Rejected: nothing was sent."))
        return True
