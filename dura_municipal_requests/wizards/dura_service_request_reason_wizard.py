from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class DuraServiceRequestReasonWizard(models.TransientModel):
    _name = "dura.service.request.reason.wizard"
    _description = "Service Request: Hold, Reject or Waive the Fee"

    mode = fields.Selection(
        [("hold", "Put on Hold"), ("reject", "Reject"), ("waive", "Waive the Fee")],
        required=True,
        readonly=True,
    )
    request_ids = fields.Many2many(
        "dura.service.request",
        "dura_request_reason_wizard_request_rel",
        "wizard_id",
        "request_id",
        string="Requests",
        required=True,
    )
    reason = fields.Text(required=True)
    missing_document_type_ids = fields.Many2many(
        "dura.service.document.type",
        "dura_request_reason_wizard_document_type_rel",
        "wizard_id",
        "document_type_id",
        string="Missing Documents",
        help="The documents the citizen must bring; named in the SMS.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if res.get("mode") == "hold" and "missing_document_type_ids" in fields_list:
            requests = self.env["dura.service.request"].browse(
                self.env.context.get("default_request_ids") or []
            )
            missing = requests.document_ids.filtered(
                lambda doc: doc.required and not doc.attachment_ids
            ).document_type_id
            res["missing_document_type_ids"] = [Command.set(missing.ids)]
        return res

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Please give a reason."))
        return getattr(self, f"_confirm_{self.mode}")(reason)

    def _confirm_hold(self, reason):
        requests = self.request_ids
        requests._check_department_officer()
        if not self.missing_document_type_ids:
            raise UserError(
                self.env._("Name the missing document(s): the citizen is asked to bring them.")
            )
        for request in requests:
            if request.state not in ("filed", "in_progress"):
                raise UserError(
                    self.env._(
                        "Only filed requests or requests in progress can be put on hold "
                        "(%(number)s).",
                        number=request.name,
                    )
                )
        Document = self.env["dura.service.request.document"]
        new_lines = []
        for request in requests:
            existing = request.document_ids.filtered(
                lambda doc: doc.document_type_id in self.missing_document_type_ids
            )
            existing.write(
                {"required": True, "received": False, "attachment_ids": [Command.clear()]}
            )
            new_lines += [
                {"request_id": request.id, "document_type_id": doc_type.id, "required": True}
                for doc_type in self.missing_document_type_ids - existing.document_type_id
            ]
        if new_lines:
            Document.create(new_lines)
        requests.write({"hold_reason": reason, "state": "on_hold"})
        return {"type": "ir.actions.act_window_close"}

    def _confirm_reject(self, reason):
        requests = self.request_ids
        for request in requests:
            if request.state == "awaiting_payment":
                request._check_service_center()
            elif request.state in ("filed", "in_progress", "on_hold"):
                request._check_department_officer()
            else:
                raise UserError(
                    self.env._(
                        "Request %(number)s cannot be rejected in its state.",
                        number=request.name,
                    )
                )
        unpaid = requests.filtered(lambda r: r.state == "awaiting_payment").sudo().invoice_id
        unpaid = unpaid.filtered(
            lambda inv: inv.state == "posted" and inv.payment_state == "not_paid"
        ).with_context(dura_request_cancel=True)
        if unpaid:
            unpaid.button_draft()
            unpaid.button_cancel()
        requests.write({"rejection_reason": reason, "state": "rejected"})
        requests.activity_unlink(["mail.mail_activity_data_todo"])
        return {"type": "ir.actions.act_window_close"}

    def _confirm_waive(self, reason):
        requests = self.request_ids
        requests._check_director()
        for request in requests:
            if request.state not in ("draft", "awaiting_payment"):
                raise UserError(
                    self.env._(
                        "The fee of request %(number)s can no longer be waived.",
                        number=request.name,
                    )
                )
            if request.sudo().invoice_id.payment_state not in (False, "not_paid", "reversed"):
                raise UserError(
                    self.env._(
                        "The fee of request %(number)s is partly paid: refund it first.",
                        number=request.name,
                    )
                )
        requests.write(
            {"fee_waived": True, "fee_waiver_reason": reason, "fee_waived_by_id": self.env.uid}
        )
        for request in requests:
            request.message_post(
                body=self.env._("Fee waived by the director: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        awaiting = requests.filtered(lambda r: r.state == "awaiting_payment")
        invoices = (
            awaiting.sudo()
            .invoice_id.filtered(lambda inv: inv.state == "posted")
            .with_context(dura_request_cancel=True)
        )
        if invoices:
            invoices.button_draft()
            invoices.button_cancel()
        awaiting._action_file()
        return {"type": "ir.actions.act_window_close"}
