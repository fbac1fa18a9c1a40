from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_sms_with_template(
        self,
        template=False,
        template_xmlid=False,
        template_fallback="",
        partner_ids=False,
        **kwargs,
    ):
        if not template and template_xmlid:
            template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if template:
            template._dura_check_can_send()
        return super()._message_sms_with_template(
            template=template,
            template_xmlid=template_xmlid,
            template_fallback=template_fallback,
            partner_ids=partner_ids,
            **kwargs,
        )
