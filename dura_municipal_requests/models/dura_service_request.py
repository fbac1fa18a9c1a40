from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.dura_sms_gateway.tools.phone_numbers import check_number

from ..tools import certificate_code, monthly_figures, national_id

# States in which the request has been filed: reaching them requires a settled fee.
FILED_STATES = ("filed", "in_progress", "on_hold", "done")
OPEN_STATES = ("filed", "in_progress", "on_hold")
# Invoice payment states that count as paid. Community never sets `in_payment`
# (`_get_invoice_in_payment_state` returns 'paid'); with the accountant app it means the cashier
# registered the payment and only the bank matching is pending, which the counter treats as paid,
# like Odoo's own `_invoice_paid_hook` does.
PAID_STATES = ("paid", "in_payment")
# states entered with a reason the citizen is told (the reason wizard): never set alone
REASON_OF_STATE = {"on_hold": "hold_reason", "rejected": "rejection_reason"}
STAFF_GROUPS = (
    "dura_municipal_requests.group_department_officer,"
    "dura_municipal_requests.group_service_center_officer"
)


class DuraServiceRequest(models.Model):
    _name = "dura.service.request"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _description = "Service Request"
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ("name", "partner_id")

    @api.model
    def _default_company(self):
        return self.env.company

    name = fields.Char(
        string="Tracking Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=_default_company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Citizen",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    national_id = fields.Char(
        related="partner_id.dura_national_id",
        readonly=False,
        groups=STAFF_GROUPS,
    )
    mobile = fields.Char(related="partner_id.mobile", readonly=False)
    sms_warning = fields.Char(
        compute="_compute_sms_warning",
        string="SMS Warning",
        help="Why the citizen cannot receive the request's SMS.",
    )
    service_type_id = fields.Many2one(
        "dura.service.type",
        string="Service",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    completion_effect = fields.Selection(related="service_type_id.completion_effect")
    department_id = fields.Many2one(
        "dura.municipal.department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
        index=True,
    )
    description = fields.Text()
    document_ids = fields.One2many(
        "dura.service.request.document", "request_id", string="Documents", copy=True
    )
    missing_document_names = fields.Char(
        compute="_compute_missing_document_names",
        string="Missing Documents",
        help="Required documents without an attachment.",
    )
    # fee and payment gate
    currency_id = fields.Many2one(related="company_id.currency_id")
    fee_amount = fields.Monetary(
        compute="_compute_fee_amount",
        store=True,
        currency_field="currency_id",
        string="Fee",
        aggregator="sum",
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
    # dates and SLA
    date_submitted = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    date_filed = fields.Datetime(string="Filed on", readonly=True, copy=False)
    date_done = fields.Datetime(string="Done on", readonly=True, copy=False)
    sla_deadline = fields.Date(string="SLA Deadline", readonly=True, copy=False, tracking=True)
    processing_days = fields.Float(
        compute="_compute_processing_days",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days from filing to completion (average when grouped).",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    hold_reason = fields.Text(tracking=True, groups=STAFF_GROUPS, copy=False)
    rejection_reason = fields.Text(tracking=True, copy=False)
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
    # utility requests (completion effects through dura_utility_billing)
    utility = fields.Selection(
        [("electricity", "Electricity"), ("water", "Water")],
        compute="_compute_utility",
        help="Utility of the subscription this request creates or converts.",
    )
    meter_number = fields.Char(
        tracking=True,
        copy=False,
        help="Meter installed for the new subscription (filled by the department before done).",
    )
    quarter = fields.Char(help="Quarter or neighbourhood of the meter.")
    tariff_id = fields.Many2one(
        "dura.utility.tariff",
        check_company=True,
        domain="[('utility', '=', utility), ('billing_mode', 'in', ('postpaid', 'both'))]",
        help="Tariff of the new subscription; empty = the first postpaid residential tariff.",
    )
    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        tracking=True,
        copy=False,
        check_company=True,
        domain="[('partner_id', '=', partner_id), ('billing_mode', '=', 'prepaid'), "
        "('state', '!=', 'closed')]",
        help="The subscription created by this request, or the prepaid subscription to convert.",
    )
    final_reading = fields.Float(
        "Final Card Reading", digits=(16, 3), copy=False, help="Last index of the card meter."
    )
    opening_reading = fields.Float(
        digits=(16, 3), copy=False, help="First index of the invoice-billed meter."
    )
    new_meter_number = fields.Char(
        copy=False, help="Meter of the invoice billing, when the card meter is replaced."
    )
    remaining_credit = fields.Monetary(
        "Remaining Card Credit",
        currency_field="currency_id",
        copy=False,
        help="Credit left on the card, refunded or carried forward.",
    )
    credit_policy = fields.Selection(
        [("credit_note", "Refund by credit note"), ("carry_forward", "Carry forward")],
        string="Remaining Credit",
        help="Empty = the company's setting.",
    )
    reviewed_by_id = fields.Many2one("res.users", string="Reviewed by", readonly=True, copy=False)
    reviewed_date = fields.Datetime(string="Reviewed on", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("awaiting_payment", "Awaiting Payment"),
            ("filed", "Filed"),
            ("in_progress", "In Progress"),
            ("on_hold", "On Hold"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand=True,
    )

    _sql_constraints = (
        (
            "invoice_uniq",
            "unique(invoice_id)",
            "An invoice pays the fee of one request only.",
        ),
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The tracking number must be unique.",
        ),
        (
            "certificate_code_uniq",
            "unique(certificate_code)",
            "The verification code of a certificate must be unique.",
        ),
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

    @api.depends("service_type_id.completion_effect", "subscription_id.utility")
    def _compute_utility(self):
        for request in self:
            effect = request.service_type_id.completion_effect
            request.utility = {
                "electricity_subscription": "electricity",
                "water_subscription": "water",
            }.get(effect) or (effect == "card_to_invoice" and request.subscription_id.utility)

    @api.depends("service_type_id")
    def _compute_department_id(self):
        for request in self:
            if request.state == "draft" or not request.department_id:
                request.department_id = request.service_type_id.department_id

    @api.depends("department_id", "service_type_id.user_id")
    def _compute_user_id(self):
        for request in self:
            request.user_id = (
                request.service_type_id.user_id
                if request.service_type_id.department_id == request.department_id
                and request.service_type_id.user_id
                else request.department_id.default_user_id
            )

    @api.depends("document_ids.required", "document_ids.attachment_ids")
    @api.depends_context("lang")
    def _compute_missing_document_names(self):
        separator = "، " if (self.env.lang or "").startswith("ar") else ", "
        for request in self:
            names = request._get_missing_documents().document_type_id.mapped("name")
            request.missing_document_names = separator.join(names)

    @api.depends("service_type_id")
    def _compute_fee_amount(self):
        # the catalogue price when the service is chosen (only in draft); frozen afterwards
        for request in self:
            request.fee_amount = request.service_type_id.fee_amount

    @api.depends("date_filed", "date_done")
    def _compute_processing_days(self):
        for request in self:
            request.processing_days = (
                monthly_figures.processing_days(request.date_filed, request.date_done)
                if request.date_filed and request.date_done
                else 0.0
            )

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

    @api.depends("sla_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in OPEN_STATES
                and request.sla_deadline
                and request.sla_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        domain = [
            ("state", "in", OPEN_STATES),
            ("sla_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

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

    @api.constrains("fee_waived", "fee_waiver_reason")
    def _check_fee_waiver_reason(self):
        for request in self:
            if request.fee_waived and not (request.fee_waiver_reason or "").strip():
                raise ValidationError(self.env._("Waiving a fee needs a recorded reason."))

    @api.constrains("partner_id", "state")
    def _check_national_id(self):
        for request in self.sudo():
            if request.state == "draft":
                continue
            number = request.partner_id.dura_national_id
            if not number or not national_id.is_valid(number):
                raise ValidationError(
                    self.env._(
                        "Request %(number)s: the citizen %(citizen)s needs a valid national ID "
                        "(9 digits with its check digit).",
                        number=request.name,
                        citizen=request.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ONCHANGE METHODS
    # ------------------------------------------------------------

    @api.onchange("national_id")
    def _onchange_national_id(self):
        if self.partner_id:
            return self.partner_id._dura_national_id_warning(self.national_id)
        return None

    @api.onchange("service_type_id")
    def _onchange_service_type_id(self):
        present = self.document_ids.document_type_id
        self.document_ids = [
            Command.create({"document_type_id": doc_type.id, "required": True, "sequence": seq})
            for seq, doc_type in enumerate(self.service_type_id.document_type_ids, 1)
            if doc_type not in present
        ]

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("certificate_code") for vals in vals_list):
            self._raise_certificate_code_readonly()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("dura.service.request")
                    or "/"
                )
        requests = super().create(vals_list)
        requests._add_checklist()
        return requests

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
        if vals.get("state") in REASON_OF_STATE and not self.env.su:
            reason_field = REASON_OF_STATE[vals["state"]]
            if not (vals.get(reason_field) or "").strip():
                # the reason is part of the state: it is what the citizen is told
                raise ValidationError(
                    self.env._(
                        "A request is put on hold or rejected with its button, which asks "
                        "for the reason the citizen is told; the state cannot be set alone."
                    )
                )
        if vals.get("state") == "cancelled" and not self.env.su:
            kept = self.filtered(
                lambda r: r.state not in ("draft", "awaiting_payment", "cancelled")
                or r.sudo().invoice_id.payment_state not in (False, "not_paid", "reversed")
            )
            if kept:
                raise ValidationError(
                    self.env._(
                        "Request %(number)s is filed or its fee is (partly) paid: it cannot be "
                        "cancelled. Reject it with a reason, then refund the fee.",
                        number=kept[0].name,
                    )
                )
        if "service_type_id" in vals and any(request.state != "draft" for request in self):
            raise UserError(self.env._("The service of a submitted request cannot be changed."))
        if "certificate_code" in vals:
            self._raise_certificate_code_readonly()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_filed(self):
        for request in self:
            if request.date_filed or request.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Request %(number)s has been submitted and cannot be deleted; "
                        "archive it instead.",
                        number=request.name,
                    )
                )

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

        Called by the automation rules. The SMS is posted on the request (visible in the
        chatter) and queued: it leaves through the gateway's queue, never inside this
        transaction, and a citizen without a valid mobile never blocks the state change.
        """
        SmsSms = self.env["sms.sms"].sudo()
        for request in self:
            template = request.service_type_id._get_sms_template(step)
            if not template:
                continue
            number = request._dura_sms_number()
            if not number:
                request.message_post(
                    body=self.env._(
                        "No SMS sent to the citizen (%(step)s): %(warning)s",
                        step=request._get_state_label(),
                        warning=request.sms_warning,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            try:
                with self.env.cr.savepoint():
                    message = request._message_sms_with_template(
                        template=template,
                        partner_ids=request.partner_id.ids,
                        sms_pid_to_number={request.partner_id.id: number},
                        put_in_queue=True,
                    )
            except UserError as error:
                # e.g. the gateway refuses a template no SMS approver has approved yet
                request.message_post(
                    body=self.env._(
                        "No SMS sent to the citizen (%(step)s): %(reason)s",
                        step=request._get_state_label(),
                        reason=error.args[0],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            SmsSms.search([("mail_message_id", "=", message.id)]).write(
                {
                    "dura_kind": "transactional",
                    "dura_res_model": self._name,
                    "dura_res_id": request.id,
                }
            )

    @api.model
    def _dura_approve_sms_templates(self, templates=None):
        """Approve the request SMS templates where the SMS gateway asks for approval.

        Used by the demo data and the tests, in the name of the municipality's SMS approver;
        a real database has its approver read and approve them once.
        """
        templates = templates or self.env["sms.template"].search([("model", "=", self._name)])
        if "dura_approval_state" in templates._fields:
            templates.sudo().write(
                {
                    "dura_approval_state": "approved",
                    "dura_approved_by_id": self.env.ref("base.user_admin").id,
                    "dura_approved_date": fields.Datetime.now(),
                }
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_submit(self):
        """Submit at the counter: invoice the fee (or file a free service at once)."""
        self._check_service_center()
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._("Request %(number)s is already submitted.", number=request.name)
                )
            if not request.partner_id.dura_national_id:
                raise UserError(
                    self.env._(
                        "Enter the national ID of %(citizen)s before submitting.",
                        citizen=request.partner_id.display_name,
                    )
                )
            if request._get_missing_documents() and not (request.sudo().hold_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Required documents are missing (%(documents)s). Attach a scan of each "
                        "on its line in the Documents list (Attach button). If the citizen will "
                        "bring them later, write which ones in the Documents to Bring field "
                        "under the list instead: the request is then put on hold as soon as it "
                        "is filed.",
                        documents=request.missing_document_names,
                    )
                )
        self.write({"state": "awaiting_payment", "date_submitted": fields.Datetime.now()})
        to_invoice = self.filtered(lambda r: not r._is_fee_settled())
        to_invoice._create_fee_invoices()
        (self - to_invoice)._action_file()
        return True

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

    def action_start(self):
        self._check_department_officer()
        for request in self:
            if request.state != "filed":
                raise UserError(
                    self.env._(
                        "Only filed requests can be started (%(number)s).", number=request.name
                    )
                )
        self.write({"state": "in_progress"})
        self.filtered(lambda r: not r.user_id).write({"user_id": self.env.uid})
        return True

    def action_hold(self):
        return self._open_reason_wizard("hold")

    def action_reject(self):
        return self._open_reason_wizard("reject")

    def action_waive_fee(self):
        return self._open_reason_wizard("waive")

    def action_resume(self):
        self._check_department_officer()
        for request in self:
            if request.state != "on_hold":
                raise UserError(
                    self.env._("Request %(number)s is not on hold.", number=request.name)
                )
            if request._get_missing_documents():
                raise UserError(
                    self.env._(
                        "Request %(number)s still misses: %(documents)s. Attach the documents "
                        "before resuming.",
                        number=request.name,
                        documents=request.missing_document_names,
                    )
                )
        self.write({"state": "in_progress"})
        return True

    def action_done(self):
        self._check_department_officer()
        for request in self:
            if request.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Only requests in progress can be completed (%(number)s).",
                        number=request.name,
                    )
                )
            if request._get_missing_documents():
                raise UserError(
                    self.env._(
                        "Request %(number)s still misses: %(documents)s.",
                        number=request.name,
                        documents=request.missing_document_names,
                    )
                )
        # the completion date (and with it the verification code) first: the certificate
        # prints them
        self.write({"date_done": fields.Datetime.now()})
        for request in self:
            request._run_completion_effect()
        self.write({"state": "done"})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        self._check_service_center()
        for request in self:
            if request.state not in ("draft", "awaiting_payment"):
                raise UserError(
                    self.env._(
                        "Request %(number)s is filed: reject it instead of cancelling it.",
                        number=request.name,
                    )
                )
            if request.sudo().invoice_id.payment_state not in (False, "not_paid", "reversed"):
                raise UserError(
                    self.env._(
                        "The fee of request %(number)s has been (partly) paid: refund the "
                        "payment first.",
                        number=request.name,
                    )
                )
        invoices = self.invoice_id.filtered(lambda inv: inv.state == "posted")
        if invoices:
            invoices = invoices.with_context(dura_request_cancel=True)
            invoices.button_draft()
            invoices.button_cancel()
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self._check_service_center()
        if any(request.state != "cancelled" for request in self):
            raise UserError(self.env._("Only cancelled requests can be reset to draft."))
        self.with_context(dura_fee_invoicing=True).write(
            {"state": "draft", "invoice_id": False, "date_submitted": False}
        )
        return True

    def action_mark_reviewed(self):
        self._check_director()
        self.write({"reviewed_by_id": self.env.uid, "reviewed_date": fields.Datetime.now()})
        return True

    def action_print_certificate(self):
        self.ensure_one()
        return self.env.ref(
            "dura_municipal_requests.action_report_request_certificate"
        ).report_action(self)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _get_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

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

    def _check_service_center(self):
        if not self.env.su and not self.env.user.has_group(
            "dura_municipal_requests.group_service_center_officer"
        ):
            raise AccessError(self.env._("Only service center officers can do this."))

    def _check_department_officer(self):
        if not self.env.su and not self.env.user.has_group(
            "dura_municipal_requests.group_department_officer"
        ):
            raise AccessError(self.env._("Only department officers can process requests."))

    def _check_director(self):
        if not self.env.su and not self.env.user.has_group(
            "dura_municipal_requests.group_director"
        ):
            raise AccessError(self.env._("Only the director can do this."))

    def _open_reason_wizard(self, mode):
        return {
            "type": "ir.actions.act_window",
            "name": dict(
                self.env["dura.service.request.reason.wizard"]
                ._fields["mode"]
                ._description_selection(self.env)
            )[mode],
            "res_model": "dura.service.request.reason.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_mode": mode, "default_request_ids": self.ids},
        }

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
                                "name": f"{request.name} - {request.service_type_id.name}",
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

    def _action_file(self):
        """File paid (or free / waived) requests: route them, set the SLA, schedule the work."""
        requests = self.filtered(lambda r: r.state == "awaiting_payment")
        if not requests:
            return
        now = fields.Datetime.now()
        for request in requests:
            vals = {"state": "filed", "date_filed": now}
            if request.department_id != request.service_type_id.department_id:
                vals["department_id"] = request.service_type_id.department_id.id
            vals["sla_deadline"] = request._compute_sla_deadline(now)
            request.write(vals)
        for request in requests:
            user = request.user_id or request.department_id.manager_id
            # the title is stored: write it in the language of whoever will do the work
            assignee_env = self.with_context(lang=(user or self.env.user).lang).env
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=request.sla_deadline,
                summary=assignee_env._(
                    "Process %(service)s",
                    service=request.service_type_id.with_env(assignee_env).name,
                ),
                user_id=user.id or self.env.uid,
            )
        with_hold = requests.filtered(
            lambda r: r._get_missing_documents() and (r.sudo().hold_reason or "").strip()
        )
        # the reason typed at the counter ("documents to bring") goes with the state
        for reason, held in with_hold.grouped(lambda r: r.sudo().hold_reason).items():
            held.write({"state": "on_hold", "hold_reason": reason})

    def _compute_sla_deadline(self, start):
        self.ensure_one()
        days = self.service_type_id.sla_days
        calendar = self.company_id.resource_calendar_id
        if not days:
            return fields.Date.to_date(start)
        if calendar:
            deadline = calendar.plan_days(days, start, compute_leaves=True)
            if deadline:
                return deadline.date()
        return fields.Date.add(fields.Date.to_date(start), days=days)

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

    def _run_completion_effect(self):
        """Run the service's effect in the other apps, as a whole or not at all.

        Runs as superuser: completing the request is the department's decision, and the
        effect (a subscription, a conversion, a certificate) follows from it even when the
        officer has no rights in the utility app. Refusals raise a UserError naming the request.
        """
        self.ensure_one()
        effect = self.service_type_id.completion_effect
        method = {
            "electricity_subscription": "_effect_create_subscription",
            "water_subscription": "_effect_create_subscription",
            "card_to_invoice": "_effect_convert_to_postpaid",
            "certificate": "_issue_certificate",
        }.get(effect)
        if not method:
            return
        try:
            with self.env.cr.savepoint():
                getattr(self.sudo(), method)()
        except UserError as error:
            raise UserError(
                self.env._(
                    "Request %(number)s cannot be completed: %(reason)s",
                    number=self.name,
                    reason=error.args[0],
                )
            ) from error

    def _effect_create_subscription(self):
        """A draft utility subscription for the citizen; the utility office activates it."""
        self.ensure_one()
        if not self.meter_number:
            raise UserError(self.env._("Enter the number of the installed meter."))
        tariff = (
            self.tariff_id
            or self.env["dura.utility.tariff"]
            .search(
                [
                    ("utility", "=", self.utility),
                    ("billing_mode", "in", ("postpaid", "both")),
                    ("company_id", "in", (False, self.company_id.id)),
                ],
                order="id",
            )
            .sorted(lambda tariff: tariff.category != "residential")[:1]
        )
        if not tariff:
            raise UserError(
                self.env._(
                    "No invoice (postpaid) tariff exists for %(utility)s; create one first.",
                    utility=dict(self._fields["utility"]._description_selection(self.env))[
                        self.utility
                    ],
                )
            )
        subscription = self.env["dura.utility.subscription"].create(
            {
                "partner_id": self.partner_id.id,
                "utility": self.utility,
                "meter_number": self.meter_number,
                "billing_mode": "postpaid",
                "tariff_id": tariff.id,
                "quarter": self.quarter,
                "company_id": self.company_id.id,
                "start_date": fields.Date.context_today(self),
            }
        )
        self.subscription_id = subscription
        subscription.message_post(
            body=self.env._(
                "Created by service request %(request)s.", request=self._get_html_link()
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=self.env._(
                "Subscription %(subscription)s created (draft).",
                subscription=subscription._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return subscription

    def _effect_convert_to_postpaid(self):
        """Convert the chosen prepaid (card) subscription to invoice billing."""
        self.ensure_one()
        subscription = self.subscription_id
        if not subscription:
            raise UserError(self.env._("Choose the prepaid subscription to convert."))
        if subscription.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise UserError(
                self.env._(
                    "Subscription %(subscription)s does not belong to %(citizen)s.",
                    subscription=subscription.display_name,
                    citizen=self.partner_id.display_name,
                )
            )
        subscription.convert_to_postpaid(
            self.final_reading,
            self.opening_reading,
            self.remaining_credit,
            credit_policy=self.credit_policy or None,
            date=fields.Date.context_today(self),
            new_meter_number=self.new_meter_number or None,
        )
        self.message_post(
            body=self.env._(
                "Subscription %(subscription)s converted to invoice billing.",
                subscription=subscription._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )

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
        tz = self.env.context.get("tz") or self.company_id.partner_id.tz or "Asia/Hebron"
        issued = fields.Datetime.context_timestamp(self.with_context(tz=tz), self.date_done)
        return {
            "code": self.certificate_code,
            "number": self.name,
            "service": self.service_type_id.name,
            "holder": self.partner_id.name,
            "date": format_date(self.env, issued.date()),
        }

    @api.model
    def _find_by_tracking_number(self, numbers):
        """Requests whose tracking number is in `numbers` (any case)."""
        if not numbers:
            return self.browse()
        return self.with_context(active_test=False).search(
            [("name", "in", [number.upper() for number in numbers])]
        )

    def _demo_pay_fee(self):
        """Demo data only: pay the fee invoices in cash as the cashier would."""
        for request in self.filtered(lambda r: r.state == "awaiting_payment" and r.invoice_id):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=request.invoice_id.ids
            ).create({"payment_date": request.invoice_id.invoice_date})._create_payments()
