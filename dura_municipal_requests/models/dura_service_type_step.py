from odoo import fields, models


class DuraServiceTypeStep(models.Model):
    """A step of a multi-step service: which department does it, who of it may complete it,
    its share of the SLA, and whether the citizen must act (then texted)."""

    _name = "dura.service.type.step"
    _description = "Service Step"
    _order = "service_type_id, sequence, id"
    _check_company_auto = True

    service_type_id = fields.Many2one(
        "dura.service.type", string="Service", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="service_type_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    department_id = fields.Many2one(
        "dura.municipal.department",
        required=True,
        check_company=True,
        help="The request moves to this department for the step: its officers see and open it.",
    )
    group_id = fields.Many2one(
        "res.groups",
        string="Assignee Group",
        help="Only the department's officers of this group (and its manager) may complete the "
        "step; empty: any officer of the department.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "dura_service_type_step_user_rel",
        "step_id",
        "user_id",
        string="Assignees",
        domain="[('share', '=', False)]",
        help="Only these officers (and the department's manager) may complete the step; the "
        "first is assigned. Empty: the department's officers, its default assignee assigned.",
    )
    sla_days = fields.Integer(
        string="SLA Share (working days)",
        default=1,
        help="Working days (company calendar) from the step's start to its deadline.",
    )
    citizen_action = fields.Boolean(
        string="Citizen Must Act",
        help="The citizen is texted when the step starts (e.g. to attend the field inspection).",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS to the Citizen",
        domain="[('model', '=', 'dura.service.request')]",
        help="Empty = the default step template.",
    )
    checklist_item_ids = fields.One2many(
        "dura.service.type.step.item", "step_id", string="Checklist", copy=True
    )

    _sql_constraints = (
        ("sla_days_positive", "CHECK(sla_days >= 0)", "A step's SLA share cannot be negative."),
    )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_assignee(self):
        """Whom the request is assigned to when the step starts."""
        self.ensure_one()
        department = self.department_id
        return self.user_ids[:1] or department.default_user_id or department.manager_id

    def _dura_can_complete(self, user):
        """Whether `user` may complete the step: the department's manager, else the step's
        assignees when it names some, else the department's officers (of its group if set)."""
        self.ensure_one()
        department = self.department_id
        if user == department.manager_id:
            return True
        if self.user_ids:
            return user in self.user_ids
        return user in department.member_ids and (not self.group_id or user in self.group_id.users)

    def _dura_sms_template(self):
        """The SMS the citizen gets when the step starts: the step's own or the default."""
        self.ensure_one()
        return self.sms_template_id or self.env.ref(
            "dura_municipal_requests.sms_template_request_step_citizen", raise_if_not_found=False
        )
