import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, is_html_empty

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

from ..tools import certificate_code, certificate_wording

_logger = logging.getLogger(__name__)

# The request's values a service's certificate wording can print (dura.service.type's
# certificate_wording), as Odoo's mail placeholders: field paths only, read without evaluating
# any code. Dates are printed through their text fields, formatted in the reader's language.
CERTIFICATE_PLACEHOLDERS = (
    "object.partner_id.name",
    "object.partner_id.dura_national_id",
    "object.partner_id.street",
    "object.partner_id.city",
    "object.name",
    "object.service_type_id.name",
    "object.department_id.name",
    "object.description",
    "object.certificate_date",
    "object.certificate_code",
    "object.company_id.name",
)
# the size, in pixels, of the right-to-left wording on the certificate (its template sets it)
CERTIFICATE_FONT_SIZE = 14


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
    certificate_date = fields.Char(
        compute="_compute_certificate_date",
        help="The completion date as the certificate prints it, in the reader's language.",
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

    @api.depends("date_done")
    @api.depends_context("lang", "tz")
    def _compute_certificate_date(self):
        for request in self:
            # the month's name in full and no comma: "2 December 2026", "2 ديسمبر 2026" (a
            # comma between Arabic and digits upsets the PDF renderer's right-to-left lines),
            # with no-break spaces: a date is not cut at the end of a line
            request.certificate_date = (
                format_date(
                    request.env, request._certificate_local_date(), date_format="d MMMM y"
                ).replace(" ", "\N{NO-BREAK SPACE}")
                if request.date_done
                else ""
            )

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

    @api.model
    def mail_allowed_qweb_expressions(self):
        # the certificate's placeholders are read by Odoo's template renderer without
        # evaluating code, as the mail placeholders it allows
        return super().mail_allowed_qweb_expressions() + self._certificate_placeholders()

    @api.model
    def _certificate_placeholders(self):
        """The placeholder expressions a certificate wording may use (modules extend it)."""
        return CERTIFICATE_PLACEHOLDERS

    def _certificate_wording(self, line_chars=None):
        """The service's certificate wording filled with this request's values (Markup, in the
        context's language), or None to print the general wording. With `line_chars`, laid
        out in lines of that many characters at most for the PDF renderer, which cannot lay
        out right-to-left text (see certificate_wording.rtl_lines).

        Odoo's template renderer reads allowed placeholders as field paths, without evaluating
        anything; a wording that is not made of allowed placeholders only (it passed around the
        check at saving, or a placeholder was removed since) is never rendered.
        """
        self.ensure_one()
        wording = self.service_type_id.certificate_wording
        if is_html_empty(wording):
            return None
        if certificate_wording.problems(wording, self._certificate_placeholders()):
            _logger.warning(
                "Certificate wording of service %s has invalid placeholders: request %s "
                "printed with the general wording.",
                self.service_type_id.id,
                self.name,
            )
            return None
        # as superuser: the placeholders are a fixed list of the request's fields, some of
        # which (the national ID) only staff groups read
        rendered = (
            self.env["mail.render.mixin"]
            .sudo()
            ._render_template(wording, self._name, self.ids, engine="qweb")
        )
        if line_chars:
            measure = certificate_wording.dejavu_measure(CERTIFICATE_FONT_SIZE)
            return Markup(certificate_wording.rtl_lines(rendered[self.id], line_chars, measure))
        return rendered[self.id]

    def _certificate_local_date(self):
        self.ensure_one()
        tz = self.env.context.get("tz") or self.company_id.partner_id.tz or DEFAULT_TZ
        return fields.Datetime.context_timestamp(self.with_context(tz=tz), self.date_done).date()

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
        return {
            "code": self.certificate_code,
            "number": self.name,
            "service": self.service_type_id.name,
            "holder": self.partner_id.name,
            "date": format_date(self.env, self._certificate_local_date()),
        }
