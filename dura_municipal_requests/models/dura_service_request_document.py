from odoo import api, fields, models


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
