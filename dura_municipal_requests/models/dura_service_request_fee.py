from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import fee_formula
from .dura_service_request import FILED_STATES, OPEN_STATES

# Invoice payment states that count as paid. Community never sets `in_payment`
# (`_get_invoice_in_payment_state` returns 'paid'); with the accountant app it means the cashier
# registered the payment and only the bank matching is pending, which the counter treats as paid,
# like Odoo's own `_invoice_paid_hook` does.
PAID_STATES = ("paid", "in_payment")


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The service fee: its invoice, its waiver and the pay-before-filing gate."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    currency_id = fields.Many2one(related="company_id.currency_id")
    fee_amount = fields.Monetary(
        compute="_compute_fee_amount",
        store=True,
        currency_field="currency_id",
        string="Fee",
        aggregator="sum",
    )
    fee_mode = fields.Selection(related="service_type_id.fee_mode")
    fee_quantity_label = fields.Char(related="service_type_id.fee_quantity_label")
    fee_quantity_unit = fields.Char(related="service_type_id.fee_quantity_unit")
    fee_quantity = fields.Float(
        digits=(16, 2),
        copy=False,
        tracking=True,
        help="For a service priced per quantity: the area, connection size or number of units "
        "the fee is computed from. Fixed once the fee invoice is posted.",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Fee Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    payment_state = fields.Selection(
        related="invoice_id.payment_state", string="Fee Payment", store=True
    )
    fee_waived = fields.Boolean(readonly=True, copy=False, tracking=True)
    fee_waiver_reason = fields.Text(readonly=True, copy=False)
    fee_waived_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = (
        (
            "invoice_uniq",
            "unique(invoice_id)",
            "An invoice pays the fee of one request only.",
        ),
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("service_type_id", "fee_quantity")
    def _compute_fee_amount(self):
        # the catalogue price (or the service's formula for the quantity) when the service or
        # the quantity is chosen; both are frozen once submitted (see write()), so is the fee
        for request in self:
            service = request.service_type_id
            request.fee_amount = service._fee_for_quantity(request.fee_quantity) if service else 0.0

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("state", "invoice_id", "fee_waived", "fee_amount", "service_type_id")
    def _check_fee_settled(self):
        """The payment gate: a request is filed only once its fee is paid, waived or nil.

        A constraint, so that every path (buttons, RPC ``write``, ``load`` imports, server
        actions, automation rules) meets it.
        """
        for request in self.sudo():
            if request.state in FILED_STATES and not request._is_fee_settled():
                raise ValidationError(
                    self.env._(
                        "Request %(number)s cannot be %(state)s: its fee of %(amount)s is not "
                        "paid. Register the payment on the fee invoice; the request files "
                        "itself once the invoice is paid.",
                        number=request.name,
                        state=request._get_state_label(),
                        amount=request.currency_id.format(request.fee_amount),
                    )
                )

    @api.constrains("invoice_id", "partner_id", "service_type_id")
    def _check_invoice(self):
        for request in self.sudo().filtered("invoice_id"):
            invoice = request.invoice_id
            fee_product = request.service_type_id.fee_product_id
            if (
                invoice.move_type != "out_invoice"
                or invoice.commercial_partner_id != request.partner_id.commercial_partner_id
                or (fee_product and fee_product not in invoice.invoice_line_ids.product_id)
            ):
                raise ValidationError(
                    self.env._(
                        "The fee invoice of request %(number)s must be a customer invoice of "
                        "the citizen %(citizen)s for the service's fee.",
                        number=request.name,
                        citizen=request.partner_id.display_name,
                    )
                )

    @api.constrains("fee_quantity", "state", "service_type_id")
    def _check_fee_quantity(self):
        """A service priced per quantity needs it, positive, before the request leaves draft
        (every path: Submit, RPC write, import); a negative quantity is never kept."""
        for request in self:
            per_quantity = request.service_type_id.fee_mode == fee_formula.PER_QUANTITY
            if request.fee_quantity < 0 or (
                per_quantity and request.state != "draft" and request.fee_quantity <= 0
            ):
                raise ValidationError(request._fee_quantity_error())

    @api.constrains("fee_waived", "fee_waiver_reason")
    def _check_fee_waiver_reason(self):
        for request in self:
            if request.fee_waived and not (request.fee_waiver_reason or "").strip():
                raise ValidationError(self.env._("Waiving a fee needs a recorded reason."))

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        if (
            {"fee_waived", "fee_waiver_reason"} & vals.keys()
            and not self.env.su
            and not self.env.user.has_group("dura_municipal_requests.group_director")
        ):
            raise AccessError(self.env._("Only the director can waive a fee."))
        if (
            {"fee_amount", "invoice_id"} & vals.keys()
            and not self.env.su
            and not self.env.context.get("dura_fee_invoicing")
        ):
            raise AccessError(
                self.env._(
                    "The fee comes from the service catalogue and its invoice from the Submit "
                    "button; they cannot be changed by hand."
                )
            )
        if "fee_quantity" in vals:
            self._check_fee_quantity_unlocked()
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_submit(self):
        # said at the counter before anything is written (the constraint guards other paths)
        for request in self:
            if (
                request.state == "draft"
                and request.service_type_id.fee_mode == fee_formula.PER_QUANTITY
                and request.fee_quantity <= 0
            ):
                raise UserError(request._fee_quantity_error())
        return super().action_submit()

    def action_reinvoice(self):
        """Invoice the fee again after the previous invoice was cancelled or reversed."""
        self._check_service_center()
        for request in self:
            if request.state != "awaiting_payment" or request._is_invoice_usable():
                raise UserError(
                    self.env._(
                        "Request %(number)s already has a fee invoice waiting for payment.",
                        number=request.name,
                    )
                )
        self._create_fee_invoices()
        return True

    def action_open_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_move_type": "out_invoice"},
        }

    def action_register_payment(self):
        """Open the invoice's payment wizard (the cashier's usual flow) from the request."""
        self.ensure_one()
        if self.state != "awaiting_payment" or not self._is_invoice_usable():
            raise UserError(self.env._("There is no fee invoice waiting for payment."))
        action = self.invoice_id.action_register_payment()
        # stay on the request (which is filed by then) instead of opening the payment
        action["context"] = dict(action.get("context") or {}, dont_redirect_to_payments=True)
        return action

    def action_waive_fee(self):
        return self._open_reason_wizard("waive")

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _fee_quantity_error(self):
        self.ensure_one()
        service = self.service_type_id
        return self.env._(
            "Request %(number)s: enter the %(quantity)s (in %(unit)s) the fee of %(service)s is "
            "computed from; it must be greater than zero.",
            number=self.name,
            quantity=service.fee_quantity_label or self.env._("quantity"),
            unit=service.fee_quantity_unit or "-",
            service=service.name,
        )

    def _check_fee_quantity_unlocked(self):
        """The quantity prices the fee: refused once a fee invoice is posted for it (the
        citizen pays what it says) or the request is past the counter, whoever writes (the
        superuser included: the posted invoice would no longer match the request)."""
        for request in self:
            invoice = request.sudo().invoice_id
            if invoice.state == "posted" or request.state not in ("draft", "awaiting_payment"):
                raise UserError(
                    self.env._(
                        "Request %(number)s: the %(quantity)s cannot be changed, its fee "
                        "invoice is posted. Cancel the request (or its invoice) and invoice "
                        "the fee again.",
                        number=request.name,
                        quantity=request.service_type_id.fee_quantity_label
                        or self.env._("quantity"),
                    )
                )

    def _fee_line_name(self):
        """The fee invoice line's label: the service, and the quantity priced by formula."""
        self.ensure_one()
        service = self.service_type_id
        name = f"{self.name} - {service.name}"
        if service.fee_mode == fee_formula.PER_QUANTITY:
            # the value outside the translated call: Babel cannot read an f-string there
            value = f"{self.fee_quantity:g} {service.fee_quantity_unit or ''}".strip()
            name = self.env._(
                "%(name)s (%(quantity)s: %(value)s)",
                name=name,
                quantity=service.fee_quantity_label,
                value=value,
            )
        return name

    def _is_invoice_usable(self):
        self.ensure_one()
        invoice = self.sudo().invoice_id
        return bool(invoice) and invoice.state != "cancel" and invoice.payment_state != "reversed"

    def _is_fee_settled(self):
        self.ensure_one()
        if self.fee_waived or self.currency_id.is_zero(self.fee_amount):
            return True
        invoice = self.sudo().invoice_id
        return bool(
            invoice
            and invoice.state == "posted"
            and invoice.payment_state in PAID_STATES
            and invoice.currency_id.compare_amounts(invoice.amount_total, self.fee_amount) >= 0
        )

    def _create_fee_invoices(self):
        vals_list = []
        for request in self:
            product = request.service_type_id.fee_product_id
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": request.partner_id.id,
                    "company_id": request.company_id.id,
                    "invoice_origin": request.name,
                    "ref": request.name,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": request._fee_line_name(),
                                "quantity": 1.0,
                                "price_unit": request.fee_amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        invoices = self.env["account.move"].create(vals_list)
        invoices.action_post()
        for request, invoice in zip(self, invoices, strict=True):
            request.with_context(dura_fee_invoicing=True).invoice_id = invoice
            request.message_post(
                body=self.env._(
                    "Fee invoice %(invoice)s of %(amount)s posted; the request is filed once it "
                    "is paid.",
                    invoice=invoice._get_html_link(),
                    amount=invoice.currency_id.format(invoice.amount_total),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return invoices

    def _on_invoice_paid(self):
        """Called when the fee invoice became paid: file the request."""
        for request in self:
            request.message_post(
                body=self.env._(
                    "Fee invoice %(invoice)s paid.", invoice=request.invoice_id._get_html_link()
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._action_file()

    def _on_invoice_unpaid(self):
        """The fee invoice is no longer paid (payment removed, invoice reset, cancelled or
        reversed): open requests go back to awaiting payment; finished ones get a note."""
        back = self.filtered(lambda r: r.state in OPEN_STATES and not r._is_fee_settled())
        for request in self:
            invoice = request.sudo().invoice_id
            status = (
                dict(invoice._fields["state"]._description_selection(self.env)).get(invoice.state)
                if invoice.state != "posted"
                else dict(invoice._fields["payment_state"]._description_selection(self.env)).get(
                    invoice.payment_state
                )
            )
            if request in back:
                body = self.env._(
                    "The fee invoice %(invoice)s is no longer paid (%(status)s): the request is "
                    "back to awaiting payment.",
                    invoice=invoice.name,
                    status=status,
                )
            elif request.state == "awaiting_payment":
                body = self.env._(
                    "The fee invoice %(invoice)s is %(status)s: invoice the fee again to "
                    "continue.",
                    invoice=invoice.name,
                    status=status,
                )
            else:
                body = self.env._(
                    "Warning: the fee invoice %(invoice)s of this %(state)s request is no "
                    "longer paid (%(status)s).",
                    invoice=invoice.name,
                    state=request._get_state_label(),
                    status=status,
                )
            request.message_post(body=body, subtype_xmlid="mail.mt_note")
        if back:
            back.write({"state": "awaiting_payment"})
            back.activity_unlink(["mail.mail_activity_data_todo"])
