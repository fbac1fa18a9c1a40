from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Scans and photos of paper documents; anything else (archives, executables, web pages) could
# carry code to the officers who open it.
DOCUMENT_MIMETYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "image/heic",
}
DEFAULT_MAX_MB = 10


class DuraServiceRequestDocument(models.Model):
    _name = "dura.service.request.document"
    _description = "Request Document"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one(
        "dura.service.request", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    document_type_id = fields.Many2one(
        "dura.service.document.type", string="Document", required=True
    )
    required = fields.Boolean(help="Part of the service's checklist.")
    received = fields.Boolean(
        compute="_compute_received",
        store=True,
        readonly=False,
        help="Ticked when the document is handed in; attaching a file ticks it.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "dura_service_request_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Attachments",
    )
    note = fields.Char()

    @api.depends("attachment_ids")
    def _compute_received(self):
        for document in self:
            document.received = document.received or bool(document.attachment_ids)

    @api.constrains("attachment_ids")
    def _check_attachments(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("dura_municipal_requests.document_max_mb")
        )
        max_mb = int(param) if (param or "").isdigit() else DEFAULT_MAX_MB
        for attachment in self.sudo().attachment_ids:
            if attachment.mimetype not in DOCUMENT_MIMETYPES:
                raise ValidationError(
                    self.env._(
                        "%(file)s is not accepted as a document: attach a PDF or a photo "
                        "(JPEG, PNG, TIFF, WebP, HEIC).",
                        file=attachment.name,
                    )
                )
            if attachment.file_size > max_mb * 1024 * 1024:
                raise ValidationError(
                    self.env._(
                        "%(file)s is too large: documents are limited to %(max)s MB.",
                        file=attachment.name,
                        max=max_mb,
                    )
                )
