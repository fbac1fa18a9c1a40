from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.selections import SMS_KINDS
from ..tools.sms_segments import count_segments


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    dura_kind = fields.Selection(
        SMS_KINDS,
        string="Kind",
        default="transactional",
        required=True,
        help="Transactional: a notice about the citizen's own file, sent automatically once the "
        "template is approved. Bulk: every send waits for an approver.",
    )
    dura_approval_state = fields.Selection(
        [("draft", "Not Approved"), ("approved", "Approved")],
        string="Approval",
        default="draft",
        required=True,
        copy=False,
        readonly=True,
    )
    dura_approved_by_id = fields.Many2one("res.users", "Approved By", readonly=True, copy=False)
    dura_approved_date = fields.Datetime("Approved On", readonly=True, copy=False)
    dura_segment_info = fields.Char("Length", compute="_compute_dura_segment_info")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("body")
    def _compute_dura_segment_info(self):
        for template in self:
            template.dura_segment_info = _segment_text(self.env, template.body)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if "body" in vals and not self.env.context.get("dura_keep_approval"):
            # an edited text must be checked again before it reaches citizens
            vals = dict(
                vals,
                dura_approval_state="draft",
                dura_approved_by_id=False,
                dura_approved_date=False,
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_dura_approve(self):
        # privileged code (data files, sudo) approves in the municipality's name
        if not self.env.su and not self.env.user.has_group("dura_sms_gateway.group_sms_approver"):
            raise UserError(self.env._("Only SMS approvers can approve templates."))
        # approvers need not be template editors: the group check above is the permission
        self.sudo().write(
            {
                "dura_approval_state": "approved",
                "dura_approved_by_id": self.env.uid,
                "dura_approved_date": fields.Datetime.now(),
            }
        )
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _dura_check_can_send(self):
        """Refuse an unapproved template when our gateway carries the SMS."""
        if not self.env["dura.sms.provider"]._dura_gateway_active():
            return
        unapproved = self.filtered(lambda t: t.dura_approval_state != "approved")
        if unapproved:
            raise UserError(unapproved[0]._dura_unapproved_text())

    def _dura_unapproved_text(self):
        self.ensure_one()
        return self.env._(
            "The SMS template %(name)s has not been approved yet: an SMS approver must "
            "approve it before it can be sent.",
            name=self.name,
        )


def _segment_text(env, body):
    info = count_segments(body or "")
    return env._(
        "%(chars)s characters, %(encoding)s, %(segments)s segment(s)",
        chars=info.units,
        encoding="GSM-7" if info.encoding == "gsm7" else "UCS-2",
        segments=info.segments,
    )
