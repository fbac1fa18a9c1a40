from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import national_id

# The request is split into same-model files by concern: this one holds its fields, state
# machine and CRUD; dura_service_request_fee.py the fee and the pay-before-filing gate,
# dura_service_request_checklist.py the documents the service requires,
# dura_service_request_routing.py the department, assignee and SLA, dura_service_request_sms.py
# the citizen's SMS, dura_service_request_certificate.py the certificate and its verification
# code.

# States in which the request has been filed: reaching them requires a settled fee.
FILED_STATES = ("filed", "in_progress", "on_hold", "done")
OPEN_STATES = ("filed", "in_progress", "on_hold")
# states entered with a reason the citizen is told (the reason wizard): never set alone
REASON_OF_STATE = {"on_hold": "hold_reason", "rejected": "rejection_reason"}
STAFF_GROUPS = (
    "dura_municipal_requests.group_department_officer,"
    "dura_municipal_requests.group_service_center_officer"
)


class DuraServiceRequest(models.Model):
    _name = "dura.service.request"
    _inherit = ("mail.thread", "mail.activity.mixin", "dura.sms.sender.mixin")
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
    service_type_id = fields.Many2one(
        "dura.service.type",
        string="Service",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    completion_effect = fields.Selection(related="service_type_id.completion_effect")
    description = fields.Text()
    date_submitted = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    date_filed = fields.Datetime(string="Filed on", readonly=True, copy=False)
    date_done = fields.Datetime(string="Done on", readonly=True, copy=False)
    hold_reason = fields.Text(tracking=True, groups=STAFF_GROUPS, copy=False)
    rejection_reason = fields.Text(tracking=True, copy=False)
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
            "name_company_uniq",
            "unique(name, company_id)",
            "The tracking number must be unique.",
        ),
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

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

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
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

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _get_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

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

    def _run_completion_effect(self):
        """Run the service's effect in the other apps, as a whole or not at all.

        Runs as superuser: completing the request is the department's decision, and the
        effect (a subscription, a conversion, a certificate) follows from it even when the
        officer has no rights in the utility app. Refusals raise a UserError naming the request.
        """
        self.ensure_one()
        effect = self.service_type_id.completion_effect
        if not effect or effect == "none":
            return
        try:
            with self.env.cr.savepoint():
                self.sudo()._dura_apply_completion_effect(effect)
        except UserError as error:
            raise UserError(
                self.env._(
                    "Request %(number)s cannot be completed: %(reason)s",
                    number=self.name,
                    reason=error.args[0],
                )
            ) from error

    def _dura_apply_completion_effect(self, effect):
        """Do what the completion effect `effect` says for this request (as superuser, in a
        savepoint; raise UserError to refuse the completion).

        The hook for the modules that add effects (``selection_add`` on
        ``dura.service.type.completion_effect``, as dura_municipal_requests_utility does): they
        handle their own values and call ``super()`` for the others.
        """
        self.ensure_one()
        if effect == "certificate":
            self._issue_certificate()

    @api.model
    def _find_by_tracking_number(self, numbers):
        """Requests whose tracking number is in `numbers` (any case)."""
        if not numbers:
            return self.browse()
        return self.with_context(active_test=False).search(
            [("name", "in", [number.upper() for number in numbers])]
        )
