from odoo import fields, models

# the SMS a council service's citizen gets, by step, unless the service names its own
COUNCIL_SMS_TEMPLATES = {
    ("decision", "done"): "dura_municipal_requests.sms_template_council_approved",
    ("decision", "rejected"): "dura_municipal_requests.sms_template_council_rejected",
    ("attendance", "done"): "dura_municipal_requests.sms_template_council_attendance",
}


class DuraServiceType(models.Model):
    """Services of the municipal council: a request the council decides in a session, or a
    citizen's request to attend one."""

    _inherit = "dura.service.type"  # pylint: disable=consider-merging-classes-inherited

    council_role = fields.Selection(
        [
            ("none", "None"),
            ("decision", "Decided by the council"),
            ("attendance", "Attending a council session"),
        ],
        string="Municipal Council",
        required=True,
        default="none",
        help="Decided by the council: its filed requests go on the agenda of the next council "
        "session, whose decision completes or rejects them. Attending a council session: its "
        "requests are answered with the date and place of the next session when it is "
        "scheduled.",
    )

    def _get_sms_template(self, step):
        # the council's decision and the session's date and place, not the plain "done"
        if not self[f"sms_{step}_template_id"]:
            xmlid = COUNCIL_SMS_TEMPLATES.get((self.council_role, step))
            template = xmlid and self.env.ref(xmlid, raise_if_not_found=False)
            if template:
                return template
        return super()._get_sms_template(step)
