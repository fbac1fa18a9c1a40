from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import fee_formula

SMS_STEPS = ("filed", "on_hold", "done", "rejected")


class DuraServiceType(models.Model):
    _name = "dura.service.type"
    _description = "Municipal Service"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, unique per company, e.g. ELEC-SUB.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    department_id = fields.Many2one(
        "dura.municipal.department",
        required=True,
        check_company=True,
        help="Department to which paid requests of this service are routed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Officer assigned to new requests; empty = the department's default assignee.",
    )
    fee_product_id = fields.Many2one(
        "product.product",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        help="Invoiced when the request is submitted. Leave empty (or at a zero price) for a "
        "free service, which is filed at once.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    fee_amount = fields.Monetary(
        compute="_compute_fee_amount", currency_field="currency_id", string="Fee"
    )
    is_free = fields.Boolean(compute="_compute_fee_amount", string="Free Service")
    document_type_ids = fields.Many2many(
        "dura.service.document.type",
        string="Required Documents",
        help="Checklist copied on each new request.",
    )
    sla_days = fields.Integer(
        string="SLA (working days)",
        default=5,
        help="Working days (company calendar) between filing and the deadline.",
    )
    escalation_warn_days = fields.Integer(
        string="Remind Assignee (working days before)",
        default=1,
        help="The assignee gets a to-do this many working days before the SLA deadline; the "
        "department manager on the deadline.",
    )
    escalation_director_days = fields.Integer(
        string="Tell Director (working days after)",
        default=2,
        help="The center's director gets a to-do this many working days after the SLA "
        "deadline of a request still not done.",
    )
    completion_effect = fields.Selection(
        [
            ("none", "None"),
            ("certificate", "Issue a certificate"),
        ],
        string="On Completion",
        required=True,
        default="none",
        help="What happens in the other apps when a request of this service is done.",
    )
    sms_filed_template_id = fields.Many2one(
        "sms.template",
        string="SMS when filed",
        domain="[('model', '=', 'dura.service.request')]",
        help="Empty = the default template.",
    )
    sms_on_hold_template_id = fields.Many2one(
        "sms.template",
        string="SMS when on hold",
        domain="[('model', '=', 'dura.service.request')]",
        help="Empty = the default template.",
    )
    sms_done_template_id = fields.Many2one(
        "sms.template",
        string="SMS when done",
        domain="[('model', '=', 'dura.service.request')]",
        help="Empty = the default template.",
    )
    sms_rejected_template_id = fields.Many2one(
        "sms.template",
        string="SMS when rejected",
        domain="[('model', '=', 'dura.service.request')]",
        help="Empty = the default template.",
    )
    feedback_enabled = fields.Boolean(
        string="Ask the Citizen's Rating",
        default=True,
        help="After completion the citizen is asked by SMS to rate the service from 1 to 5, or "
        "to answer 0 if the matter is not solved.",
    )
    feedback_days = fields.Integer(
        string="Rating Reply Window (days)",
        default=7,
        help="Days after the question during which the citizen's answer counts; a 0 reopens "
        "a request without a completion effect (a complaint, a repair) for its department.",
    )
    is_complaint = fields.Boolean(
        string="Complaint Service",
        help="Its requests say where (quarter, landmark, map point) and what (a category that "
        "routes them to its department), carry photos, and show the open complaints they "
        "may duplicate.",
    )
    licence_validity_months = fields.Integer(
        string="Licence Validity (months)",
        help="A request of this service issues a licence valid this many months from its "
        "completion; 0: no licence.",
    )
    renewal_notice_days = fields.Integer(
        string="Renewal Reminder (days before)",
        default=30,
        help="The holder is texted this many days before the licence expires, once.",
    )
    renewal_service_id = fields.Many2one(
        "dura.service.type",
        string="Renewed By",
        check_company=True,
        help="The service that renews the licence; empty: this service.",
    )
    step_ids = fields.One2many(
        "dura.service.type.step",
        "service_type_id",
        string="Steps",
        copy=True,
        help="Departments the request walks through, in order; empty: the department above "
        "processes it in one step.",
    )
    # stored: filing a request of a service without steps reads no step (see _action_file)
    has_steps = fields.Boolean(compute="_compute_has_steps", store=True)
    request_ids = fields.One2many("dura.service.request", "service_type_id", string="Requests")

    _sql_constraints = (
        ("code_company_uniq", "unique(code, company_id)", "The service code must be unique."),
        ("sla_days_positive", "CHECK(sla_days >= 0)", "The SLA cannot be negative."),
        (
            "escalation_days_positive",
            "CHECK(escalation_warn_days >= 0 AND escalation_director_days >= 0)",
            "Escalation delays cannot be negative.",
        ),
        (
            "licence_days_positive",
            "CHECK(licence_validity_months >= 0 AND renewal_notice_days >= 0)",
            "A licence's validity and its reminder cannot be negative.",
        ),
        (
            "feedback_days_positive",
            "CHECK(feedback_days >= 0)",
            "The rating reply window cannot be negative.",
        ),
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("fee_product_id.lst_price", "fee_mode", "fee_base", "fee_rate", "fee_minimum")
    def _compute_fee_amount(self):
        # priced by formula (dura_service_type_fee.py): the least fee, the base or the minimum
        for service in self:
            if service.fee_mode == fee_formula.PER_QUANTITY:
                service.fee_amount = max(service.fee_base, service.fee_minimum)
            else:
                service.fee_amount = service.fee_product_id.lst_price
            service.is_free = fee_formula.is_free(
                service.fee_mode,
                not service.currency_id.is_zero(service.fee_product_id.lst_price),
                not service.currency_id.is_zero(service.fee_base),
                not service.currency_id.is_zero(service.fee_rate),
                not service.currency_id.is_zero(service.fee_minimum),
            )

    @api.depends("step_ids")
    def _compute_has_steps(self):
        for service in self:
            service.has_steps = bool(service.step_ids)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("fee_product_id")
    def _check_fee_amount(self):
        for service in self:
            if service.currency_id.compare_amounts(service.fee_product_id.lst_price, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The fee of service %(service)s cannot be negative (%(amount)s).",
                        service=service.name,
                        amount=service.fee_product_id.lst_price,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _feedback_max_days(self):
        """The longest rating reply window of the services, in one grouped read."""
        [(days,)] = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([], aggregates=["feedback_days:max"])
        )
        return days or 0

    @api.model
    def _licence_max_days(self):
        """The longest renewal reminder of the licence services, in one grouped read."""
        [(days,)] = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                [("licence_validity_months", ">", 0)], aggregates=["renewal_notice_days:max"]
            )
        )
        return days or 0

    def _get_sms_template(self, step):
        """The SMS template of `step` (one of SMS_STEPS): the service's own or the default."""
        self.ensure_one()
        return self[f"sms_{step}_template_id"] or self.env.ref(
            f"dura_municipal_requests.sms_template_request_{step}", raise_if_not_found=False
        )
