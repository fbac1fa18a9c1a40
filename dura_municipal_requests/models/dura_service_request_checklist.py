from odoo import Command, api, fields, models


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The documents checklist: the service's required documents, copied on each request."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    document_ids = fields.One2many(
        "dura.service.request.document", "request_id", string="Documents", copy=True
    )
    missing_document_names = fields.Char(
        compute="_compute_missing_document_names",
        string="Missing Documents",
        help="Required documents without an attachment.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("document_ids.required", "document_ids.attachment_ids")
    @api.depends_context("lang")
    def _compute_missing_document_names(self):
        separator = "، " if (self.env.lang or "").startswith("ar") else ", "
        for request in self:
            names = request._get_missing_documents().document_type_id.mapped("name")
            request.missing_document_names = separator.join(names)

    # ------------------------------------------------------------
    # ONCHANGE METHODS
    # ------------------------------------------------------------

    @api.onchange("service_type_id")
    def _onchange_service_type_id(self):
        present = self.document_ids.document_type_id
        self.document_ids = [
            Command.create({"document_type_id": doc_type.id, "required": True, "sequence": seq})
            for seq, doc_type in enumerate(self.service_type_id.document_type_ids, 1)
            if doc_type not in present
        ]

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _get_missing_documents(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda doc: doc.required and not doc.attachment_ids)

    def _add_checklist(self):
        """Copy the service's required documents onto requests that have none yet."""
        vals_list = []
        for request in self:
            present = request.document_ids.document_type_id
            vals_list += [
                {
                    "request_id": request.id,
                    "document_type_id": doc_type.id,
                    "required": True,
                    "sequence": seq,
                }
                for seq, doc_type in enumerate(request.service_type_id.document_type_ids, 1)
                if doc_type not in present
            ]
        if vals_list:
            self.env["dura.service.request.document"].create(vals_list)
