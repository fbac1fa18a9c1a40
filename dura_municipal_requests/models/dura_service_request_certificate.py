from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

from ..tools import certificate_code


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The certificate a done request issues, and its public verification code."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    certificate_attachment_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    certificate_code = fields.Char(
        string="Verification Code",
        compute="_compute_certificate_code",
        store=True,
        readonly=True,
        copy=False,
        help="Printed on the certificate with a QR code: anyone holding the certificate can check "
        "it on the municipality's public verification page. Set once, when the certificate is "
        "issued.",
    )

    _sql_constraints = (
        (
            "certificate_code_uniq",
            "unique(certificate_code)",
            "The verification code of a certificate must be unique.",
        ),
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("date_done")
    def _compute_certificate_code(self):
        """Set once, when a certificate request is completed, and never changed: a compute, so
        that the requests completed together get their codes in one batch and one UPDATE."""
        to_issue = self.filtered(
            lambda r: not r.certificate_code
            and r.date_done
            and r.service_type_id.completion_effect == "certificate"
        )
        for request in self - to_issue:
            request.certificate_code = request.certificate_code
        for request, code in zip(to_issue, self._new_certificate_codes(len(to_issue)), strict=True):
            request.certificate_code = code

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("certificate_code") for vals in vals_list):
            self._raise_certificate_code_readonly()
        return super().create(vals_list)

    def write(self, vals):
        if "certificate_code" in vals:
            self._raise_certificate_code_readonly()
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_print_certificate(self):
        self.ensure_one()
        return self.env.ref(
            "dura_municipal_requests.action_report_request_certificate"
        ).report_action(self)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _issue_certificate(self):
        self.ensure_one()
        report = self.env.ref("dura_municipal_requests.action_report_request_certificate")
        content, report_type = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        # without wkhtmltopdf workers (test mode) Odoo renders the same report as HTML
        extension = "pdf" if report_type == "pdf" else "html"
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Certificate %(number)s", number=self.name) + f".{extension}",
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf" if extension == "pdf" else "text/html",
            }
        )
        self.certificate_attachment_id = attachment
        self.message_post(
            body=self.env._("Certificate issued."),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return attachment

    def _raise_certificate_code_readonly(self):
        """Only `_compute_certificate_code` sets a code: not an import, an RPC or a superuser."""
        raise UserError(
            self.env._(
                "The verification code of a certificate is set when the certificate is "
                "issued and can never be changed."
            )
        )

    def _new_certificate_codes(self, count):
        """`count` new verification codes in use nowhere yet: one lookup for all of them
        (repeated only in the astronomically rare case of a clash)."""
        codes = set()
        while len(codes) < count:
            wanted = {certificate_code.generate() for _ in range(count - len(codes))}
            taken = (
                self.sudo()
                .with_context(active_test=False)
                .search_fetch([("certificate_code", "in", list(wanted))], ["certificate_code"])
            )
            codes |= wanted - set(taken.mapped("certificate_code"))
        return sorted(codes)

    def _certificate_verification_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/dura/certificate/verify/{self.certificate_code}"

    @api.model
    def _certificate_find(self, code):
        """The completed certificate request with verification code `code` (as typed: any case,
        spaces, dashes), else an empty recordset. A malformed code or one whose check character
        fails is not looked up."""
        code = certificate_code.normalize(code)
        if not code:
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("certificate_code", "=", code), ("state", "=", "done")], limit=1)
        )

    def _certificate_verification_values(self):
        """What the public verification page shows of a certificate, and nothing more: the
        holder's name is the point of checking a certificate, the code is unguessable."""
        self.ensure_one()
        tz = self.env.context.get("tz") or self.company_id.partner_id.tz or DEFAULT_TZ
        issued = fields.Datetime.context_timestamp(self.with_context(tz=tz), self.date_done)
        return {
            "code": self.certificate_code,
            "number": self.name,
            "service": self.service_type_id.name,
            "holder": self.partner_id.name,
            "date": format_date(self.env, issued.date()),
        }
