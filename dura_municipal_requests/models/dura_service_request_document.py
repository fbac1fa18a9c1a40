from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import document_content

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

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents.filtered("attachment_ids")._bind_attachments()
        return documents

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._bind_attachments()
        return res

    def _bind_attachments(self):
        """Make every attachment of these lines belong to its line (``res_model``/``res_id``).

        A file uploaded on a line that is not saved yet is created with ``res_id = 0``: Odoo
        then lets nobody but its uploader read it, so the department the request is routed to
        could not even open the request. Whatever path linked the file (the form, an RPC write,
        an import, demo data), the line takes ownership of it here: an orphan file is bound to
        the line; a file that already belongs to another record (a copied request, a file
        linked twice) is copied for this line, so that each line owns its files and reading
        them follows the request's access rules. A file the current user may not read cannot
        be linked.
        """
        Attachment = self.env["ir.attachment"]
        pairs = [
            (document, attachment)
            for document in self.sudo()
            for attachment in document.attachment_ids
            if not (attachment.res_model == self._name and attachment.res_id == document.id)
        ]
        if not pairs:
            return
        if not self.env.su:
            foreign = Attachment.browse({attachment.id for _doc, attachment in pairs})
            try:
                foreign.check("read")
            except AccessError as error:
                raise AccessError(
                    self.env._(
                        "You cannot attach a file you are not allowed to read: upload it again."
                    )
                ) from error
        to_bind = defaultdict(list)  # document -> orphan attachments it takes
        to_copy = []  # (document, attachment) pairs that get their own copy
        taken = set()
        for document, attachment in pairs:
            if not attachment.res_id and attachment.id not in taken:
                taken.add(attachment.id)
                to_bind[document].append(attachment.id)
            else:
                to_copy.append((document, attachment))
        for document, attachment_ids in to_bind.items():
            Attachment.sudo().browse(attachment_ids).write(
                {"res_model": self._name, "res_id": document.id}
            )
        if to_copy:
            copies = Attachment.sudo().create(
                [
                    dict(
                        attachment.copy_data()[0],
                        res_model=self._name,
                        res_id=document.id,
                        res_field=False,
                    )
                    for document, attachment in to_copy
                ]
            )
            replace = defaultdict(list)
            for (document, attachment), copy in zip(to_copy, copies, strict=True):
                replace[document] += [Command.unlink(attachment.id), Command.link(copy.id)]
            for document, commands in replace.items():
                # super(): the copies are bound already, nothing more to do for them
                super(DuraServiceRequestDocument, document).write({"attachment_ids": commands})

    @api.model
    def _repair_orphan_attachments(self):
        """Bind the files of every document line that are not bound to it (migration to
        18.0.1.3.0, and a tool for administrators): returns the lines repaired."""
        documents = self.sudo().with_context(active_test=False)
        self.env.cr.execute(
            """
            SELECT DISTINCT rel.document_id
              FROM dura_service_request_document_attachment_rel rel
              JOIN ir_attachment att ON att.id = rel.attachment_id
             WHERE att.res_model IS DISTINCT FROM %s
                OR att.res_id IS DISTINCT FROM rel.document_id
            """,
            [self._name],
        )
        documents = documents.browse(row[0] for row in self.env.cr.fetchall())
        documents._bind_attachments()
        return documents

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

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
            content = document_content.sniff((attachment.raw or b"")[: document_content.HEAD_BYTES])
            if attachment.mimetype not in DOCUMENT_MIMETYPES:
                raise ValidationError(
                    self.env._(
                        "%(file)s is not accepted as a document: attach a PDF or a photo "
                        "(JPEG, PNG, TIFF, WebP, HEIC).",
                        file=attachment.name,
                    )
                )
            if content not in DOCUMENT_MIMETYPES:
                # named like a scan, but its content is something else (a renamed web page,
                # program or archive)
                raise ValidationError(
                    self.env._(
                        "%(file)s is not really a PDF or a photo: its content does not match its "
                        "name. Scan the document again.",
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
