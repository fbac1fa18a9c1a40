from odoo import api, fields, models


class DuraMunicipalDepartment(models.Model):
    _name = "dura.municipal.department"
    _description = "Municipal Department"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code shown on request lists, e.g. ELEC.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    manager_id = fields.Many2one(
        "res.users",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "dura_municipal_department_user_rel",
        "department_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
        help="Department officers who see and process the department's requests.",
    )
    default_user_id = fields.Many2one(
        "res.users",
        string="Default Assignee",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Filed requests are assigned to this officer unless their service type says "
        "otherwise.",
    )
    service_type_ids = fields.One2many("dura.service.type", "department_id", string="Services")
    request_ids = fields.One2many("dura.service.request", "department_id", string="Requests")
    open_request_count = fields.Integer(compute="_compute_open_request_count")

    _sql_constraints = (
        ("code_company_uniq", "unique(code, company_id)", "The department code must be unique."),
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("request_ids.state")
    def _compute_open_request_count(self):
        groups = self.env["dura.service.request"]._read_group(
            [
                ("department_id", "in", self.ids),
                ("state", "in", ("filed", "in_progress", "on_hold")),
            ],
            ["department_id"],
            ["__count"],
        )
        counts = {department.id: count for department, count in groups}
        for department in self:
            department.open_request_count = counts.get(department.id, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_municipal_requests.action_dura_service_request"
        )
        action["domain"] = [("department_id", "=", self.id)]
        action["context"] = {"default_department_id": self.id, "search_default_open": 1}
        return action
