from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.dura_sms_gateway.tools.phone_numbers import check_number


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The citizen's SMS at each step (filed, on hold, done, rejected) and the mail-thread
    hooks that point Odoo's SMS and mail at the citizen."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    sms_warning = fields.Char(
        compute="_compute_sms_warning",
        string="SMS Warning",
        help="Why the citizen cannot receive the request's SMS.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("mobile", "partner_id.phone")
    def _compute_sms_warning(self):
        for request in self:
            if not request.partner_id:
                request.sms_warning = False
            elif not request.mobile:
                request.sms_warning = self.env._(
                    "The citizen has no mobile number: no SMS will be sent for this request."
                )
            else:
                request.sms_warning = request._dura_number_warning()

    def _dura_number_warning(self):
        """Why the citizen's mobile will get no SMS, as the dispatcher would find it -- a
        landline, a foreign number no provider serves, an invalid one -- else False."""
        check = check_number(self.mobile)
        if check.code == "landline":
            message = self.env._(
                "%(number)s is a landline: it cannot receive SMS. Ask the citizen for a mobile "
                "number, or no SMS will be sent for this request.",
                number=self.mobile,
            )
        elif check.code == "foreign" and not self.env["dura.sms.provider"].sudo()._candidates(
            check.e164, explicit=True
        ):
            message = self.env._(
                "%(number)s is a foreign number that no SMS provider of the municipality "
                "serves: no SMS will be sent for this request.",
                number=self.mobile,
            )
        elif not check.e164 or not self._dura_sms_number():
            message = self.env._(
                "The mobile number %(number)s is not valid: no SMS will be sent for this "
                "request until it is corrected.",
                number=self.mobile,
            )
        else:
            message = False
        return message

    # ------------------------------------------------------------
    # MAIL / SMS
    # ------------------------------------------------------------

    def _phone_get_number_fields(self):
        return ["mobile"]

    def _mail_get_partner_fields(self, introspect_fields=False):
        return ["partner_id"]

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """Staff without an e-mail address still work on requests.

        Many municipal staff have no e-mail address; Odoo refuses any message posted in their
        name ("configure the sender's e-mail"), and with it saving a request that notifies its
        assignee, scheduling its activity, submitting it... The message keeps its author; its
        sender address falls back to the company's, then to the server's default sender, and
        else stays empty (notes and chatter do not need one).
        """
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False
        )
        if not email_from:
            company = self[:1].company_id if self else self.env.company
            email_from = (
                company.sudo().email_formatted
                or self.env["ir.mail_server"].sudo()._get_default_from_address()
                or False
            )
        return author_id, email_from

    def _dura_sms_number(self):
        """The citizen's mobile in E.164, or False when it cannot receive an SMS."""
        self.ensure_one()
        if not self.mobile:
            return False
        return self.partner_id._phone_format(number=self.mobile, force_format="E164") or False

    def _dura_notify_sms(self, step):
        """Queue the SMS of `step` (filed, on_hold, done, rejected) for each request.

        Called by the automation rules, through the gateway's public entry point
        (``dura.sms.sender.mixin``): the SMS is posted on the request (visible in the chatter)
        and queued, it leaves through the gateway's queue, never inside this transaction, and
        a citizen the gateway cannot text never blocks the state change: the request's
        chatter says why no SMS went out.
        """
        by_template = defaultdict(lambda: self.browse())
        for request in self:
            template = request.service_type_id._get_sms_template(step)
            if template:
                by_template[template] |= request
        for template, requests in by_template.items():
            report = requests._dura_queue_sms(template, post=True, skip_unsendable=True)
            for request_id, reason in report.skipped.items():
                request = self.browse(request_id)
                if reason == "not_approved" or not request.sms_warning:
                    why = requests._dura_sms_reason_text(reason, template)
                else:
                    why = request.sms_warning
                request.message_post(
                    body=self.env._(
                        "No SMS sent to the citizen (%(step)s): %(reason)s",
                        step=request._get_state_label(),
                        reason=why,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
