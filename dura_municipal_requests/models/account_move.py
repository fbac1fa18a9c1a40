from odoo import fields, models
from odoo.exceptions import UserError

from .dura_service_request import OPEN_STATES
from .dura_service_request_fee import PAID_STATES

FEE_INVOICE_TEMPLATE = "dura_municipal_requests.report_fee_invoice_document"
FEE_INVOICE_REPORT = "dura_municipal_requests.action_report_fee_invoice"


class AccountMove(models.Model):
    _inherit = "account.move"

    dura_request_ids = fields.One2many(
        "dura.service.request", "invoice_id", string="Service Requests", readonly=True
    )
    # what the invoice form reads: finance users (Invoicing rights only) may not read
    # service requests, yet must open, print, credit and pay fee invoices
    dura_request_count = fields.Integer(
        "Service Request Count", compute="_compute_dura_request_count", compute_sudo=True
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_dura_request_count(self):
        ids = self._origin.ids
        counts = dict(
            self.env["dura.service.request"]._read_group(
                [("invoice_id", "in", ids)], ["invoice_id"], ["__count"]
            )
            if ids
            else []
        )
        for move in self:
            move.dura_request_count = counts.get(move._origin, 0)

    # ------------------------------------------------------------
    # ORM OVERRIDES
    # ------------------------------------------------------------

    def _compute_field_value(self, field):
        """Watch fee invoices leaving the paid state (payment removed or cancelled, invoice
        reset to draft) or being reversed. Odoo offers no hook for this: the payment state is
        a stored computed field, recomputed outside ``write``; base_automation watches
        recomputations the same way."""
        if field.name != "payment_state":
            return super()._compute_field_value(field)
        watched = self.filtered(lambda move: move.id and move.sudo().dura_request_ids)
        old_states = {move.id: move.payment_state for move in watched}
        res = super()._compute_field_value(field)
        left = watched.filtered(
            lambda move: move.payment_state != old_states[move.id]
            and (move.payment_state not in PAID_STATES or move.state != "posted")
            and (old_states[move.id] in PAID_STATES or move.payment_state == "reversed")
        )
        if left:
            left.sudo().dura_request_ids._on_invoice_unpaid()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_dura_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Service Request"),
            "res_model": "dura.service.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": self.dura_request_ids[:1].id,
        }

    def action_print_dura_fee_invoice(self):
        """Print the fee invoices on the municipality's letterhead."""
        invoices = self.filtered(lambda move: move._is_dura_fee_invoice())
        if not invoices:
            raise UserError(self.env._("Only posted fee invoices of service requests print here."))
        return self.env.ref(FEE_INVOICE_REPORT).report_action(invoices, config=False)

    def _post(self, soft=True):
        """A fee given back is no longer the municipality's money: a credit note of the fee
        invoice of a request still being served is refused, whatever path posts it (Reverse
        wizard, a credit note typed by hand, RPC). Reject or cancel the request first; then
        its fee is credited, as a rejection's fee is returned."""
        credit_notes = self.filtered(
            lambda move: move.move_type == "out_refund" and move.reversed_entry_id
        )
        if credit_notes:
            served = (
                self.env["dura.service.request"]
                .sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("invoice_id", "in", credit_notes.reversed_entry_id.ids),
                        ("state", "in", OPEN_STATES),
                    ],
                    limit=1,
                )
            )
            if served:
                states = dict(served._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "The fee of request %(number)s cannot be credited while the request "
                        "is %(state)s: reject or cancel the request first, then credit its "
                        "fee.",
                        number=served.name,
                        state=states[served.state],
                    )
                )
        return super()._post(soft)

    def button_cancel(self):
        res = super().button_cancel()
        if not self.env.context.get("dura_request_cancel"):
            requests = self.sudo().dura_request_ids.filtered(
                lambda r: r.state not in ("cancelled", "draft")
            )
            requests._on_invoice_unpaid()
        return res

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _is_dura_fee_invoice(self):
        self.ensure_one()
        return bool(
            self.dura_request_count and self.move_type == "out_invoice" and self.state == "posted"
        )

    def _get_name_invoice_report(self):
        """Odoo's invoice reports (the Print menu, Send & Print, the portal) print a fee invoice
        on the municipality's letterhead, like its own print button."""
        if self._is_dura_fee_invoice():
            return FEE_INVOICE_TEMPLATE
        return super()._get_name_invoice_report()

    def _dura_fee_requests(self):
        """The service requests a fee invoice charges, for its print. sudo: the finance office
        (Invoicing rights only) may not read requests, yet the invoice it hands the citizen
        names their tracking number and service."""
        return self.sudo().dura_request_ids

    def _invoice_paid_hook(self):
        """File the service requests whose fee invoice just became paid."""
        res = super()._invoice_paid_hook()
        paid = self.filtered(
            lambda move: move.state == "posted" and move.payment_state in PAID_STATES
        )
        if paid:
            requests = (
                self.env["dura.service.request"]
                .sudo()
                .search([("invoice_id", "in", paid.ids), ("state", "=", "awaiting_payment")])
            )
            requests._on_invoice_paid()
        return res
