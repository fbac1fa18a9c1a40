from odoo import api, fields, models

from ..tools import monthly_figures


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """Routing: the department and assignee a request goes to when filed (its SLA clock is in
    dura_service_request_sla.py)."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

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
    processing_days = fields.Float(
        compute="_compute_processing_days",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days from filing to completion (average when grouped).",
    )
    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

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

    @api.depends("date_filed", "date_done")
    def _compute_processing_days(self):
        for request in self:
            request.processing_days = (
                monthly_figures.processing_days(request.date_filed, request.date_done)
                if request.date_filed and request.date_done
                else 0.0
            )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_routed_department(self):
        """The department a request is routed to when filed: its service's (a hook: a
        complaint goes to its category's department)."""
        self.ensure_one()
        return self.service_type_id.department_id

    def _action_file(self):
        """File paid (or free / waived) requests: route them, set the SLA, schedule the work."""
        requests = self.filtered(lambda r: r.state == "awaiting_payment")
        if not requests:
            return
        now = fields.Datetime.now()
        for request in requests:
            vals = {"state": "filed", "date_filed": now}
            department = request._dura_routed_department()
            if request.department_id != department:
                vals["department_id"] = department.id
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
