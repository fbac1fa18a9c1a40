from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.sms_segments import count_segments


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    dura_segment_info = fields.Char("Length", compute="_compute_dura_estimate")
    dura_estimated_cost = fields.Float("Estimated Cost", compute="_compute_dura_estimate")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("body", "res_ids_count", "recipient_valid_count", "composition_mode")
    def _compute_dura_estimate(self):
        provider = self.env["dura.sms.provider"].sudo().search([], limit=1)
        for composer in self:
            info = count_segments(composer.body or "")
            recipients = (
                composer.res_ids_count
                if composer.composition_mode == "mass"
                else composer.recipient_valid_count or 1
            )
            composer.dura_estimated_cost = info.segments * recipients * provider.cost_per_segment
            composer.dura_segment_info = self.env._(
                "%(chars)s characters, %(encoding)s, %(segments)s segment(s) x %(count)s "
                "recipient(s)",
                chars=info.units,
                encoding="GSM-7" if info.encoding == "gsm7" else "UCS-2",
                segments=info.segments,
                count=recipients,
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_send_sms(self):
        self._dura_check_sender()
        if self.template_id and self.body == self.template_id.body:
            self.template_id._dura_check_can_send()
        self._dura_check_length()
        # the empty-placeholder refusal is for a person at the composer; background senders
        # (mailings, event reminders) reuse _prepare_body_values, and there the dispatcher
        # fails an empty SMS alone ("Empty message.") instead of the whole send
        return super(SmsComposer, self.with_context(dura_check_rendered=True)).action_send_sms()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _dura_check_sender(self):
        """Any employee may open Odoo's composer; with our gateway carrying SMS, only SMS users
        send from it, so that no other account can text citizens a free, unapproved message.
        Automated notices do not come through the composer."""
        if self.env.su or not self.env["dura.sms.provider"]._dura_gateway_active():
            return
        if not self.env.user.has_group("dura_sms_gateway.group_sms_user"):
            raise AccessError(
                self.env._("Only SMS users can send SMS; ask an SMS administrator for access.")
            )

    def _dura_check_length(self):
        if not self.env["dura.sms.provider"]._dura_gateway_active():
            return
        provider = self.env["dura.sms.provider"].sudo().search([], limit=1)
        segments = count_segments(self.body or "").segments
        if provider.max_segments and segments > provider.max_segments:
            raise UserError(
                self.env._(
                    "This message needs %(segments)s SMS segments; the limit is %(limit)s. "
                    "Please shorten it.",
                    segments=segments,
                    limit=provider.max_segments,
                )
            )

    def _dura_check_rendered(self, records, bodies):
        """Refuse the whole send when a placeholder rendered to nothing: an empty SMS would
        only fail at dispatch, after the citizen was counted as notified."""
        if not self.env["dura.sms.provider"]._dura_gateway_active():
            return
        empty = [record_id for record_id, body in bodies.items() if not (body or "").strip()]
        if empty:
            raise UserError(
                self.env._(
                    "The message for %(record)s is empty: the template's placeholders rendered "
                    "no text. Fill in the missing data or change the text.",
                    record=records.browse(empty[0]).display_name,
                )
            )

    def _dura_is_bulk(self):
        """Mass sends are bulk (approved per batch) unless they use an approved
        transactional template (the automated notices of a citizen's own file)."""
        template = self.template_id
        return not (
            template
            and self.body == template.body
            and template.dura_kind == "transactional"
            and template.dura_approval_state == "approved"
        )

    def _prepare_body_values(self, records):
        bodies = super()._prepare_body_values(records)
        if self.env.context.get("dura_check_rendered"):
            self._dura_check_rendered(records, bodies)
        return bodies

    def _prepare_mass_sms_values(self, records):
        result = super()._prepare_mass_sms_values(records)
        kind = "bulk" if self._dura_is_bulk() else "transactional"
        for record_id, values in result.items():
            values.update(dura_kind=kind, dura_res_model=records._name, dura_res_id=record_id)
        return result
