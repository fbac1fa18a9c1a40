from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """Multi-step services: a request of a service with steps walks them, from department to
    department (engineering review, field inspection, approval...); the last one completes the
    request as a single-step service is completed. Services without steps are untouched."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    step_ids = fields.One2many("dura.service.request.step", "request_id")
    current_step_id = fields.Many2one(
        "dura.service.request.step",
        compute="_compute_current_step_id",
        store=True,
        index="btree_not_null",
    )
    current_step_deadline = fields.Date(
        related="current_step_id.date_deadline", string="Step Deadline"
    )
    current_check_ids = fields.One2many(
        "dura.service.request.step.check",
        "request_id",
        string="Step Checklist",
        domain=[("step_state", "=", "current")],
    )
    can_complete_step = fields.Boolean(compute="_compute_can_complete_step")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("step_ids.state")
    def _compute_current_step_id(self):
        for request in self:
            request.current_step_id = request.step_ids.filtered(lambda s: s.state == "current")[:1]

    @api.depends_context("uid")
    @api.depends("current_step_id", "state")
    def _compute_can_complete_step(self):
        user = self.env.user
        is_director = user.has_group("dura_municipal_requests.group_director")
        for request in self:
            step = request.current_step_id
            request.can_complete_step = bool(
                step
                and request.state in ("filed", "in_progress")
                and (is_director or step.step_id._dura_can_complete(user))
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_complete_step(self):
        """Complete the current step (its checklist ticked) and move the request to the next
        step's department, or complete the request with its last step."""
        self._check_department_officer()
        user = self.env.user
        is_director = user.has_group("dura_municipal_requests.group_director")
        for request in self:
            step = request.current_step_id
            if not step or request.state not in ("filed", "in_progress"):
                raise UserError(
                    self.env._(
                        "Request %(number)s has no step to complete (it must be filed or in "
                        "progress).",
                        number=request.name,
                    )
                )
            if not is_director and not step.step_id._dura_can_complete(user):
                raise AccessError(
                    self.env._(
                        "Step %(step)s of request %(number)s is for %(department)s: you cannot "
                        "complete it.",
                        step=step.name,
                        number=request.name,
                        department=step.department_id.display_name,
                    )
                )
            unticked = step.check_ids.filtered(lambda c: not c.done)
            if unticked:
                # said before anything is written; the step's constraint guards other paths
                raise ValidationError(
                    self.env._(
                        "Request %(number)s: tick the checklist of step %(step)s before "
                        "completing it (%(items)s).",
                        number=request.name,
                        step=step.name,
                        items=", ".join(unticked.mapped("name")),
                    )
                )
        now = fields.Datetime.now()
        steps = self.current_step_id
        # as superuser: the officers only read the steps; the checks are above, and the
        # checklist's in the step's constraint
        steps.sudo().write({"state": "done", "date_done": now, "done_by_id": user.id})
        self.filtered(lambda r: r.state == "filed").write({"state": "in_progress"})
        last = self.filtered(lambda r: not r.step_ids.filtered(lambda s: s.state == "waiting"))
        moving = self - last
        for request, step in zip(self, steps, strict=True):
            request.message_post(
                body=self.env._(
                    "Step %(step)s completed by %(user)s.", step=step.name, user=user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        if moving:
            moving.sudo()._dura_start_next_step(now)
        if last:
            last.action_done()
        return True

    def action_done(self):
        """A multi-step request is done by completing its last step."""
        pending = self.filtered(
            lambda r: r.service_type_id.has_steps
            and r.step_ids.filtered(lambda s: s.state != "done")
        )
        if pending:
            raise UserError(
                self.env._(
                    "Request %(number)s is completed by its steps: complete its current step "
                    "(%(step)s).",
                    number=pending[0].name,
                    step=pending[0].current_step_id.name,
                )
            )
        return super().action_done()

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_routed_department(self):
        """A multi-step request is routed to its current step's department (filed again after
        its fee was refunded and paid again), else to its first step's."""
        if not self.service_type_id.has_steps:
            return super()._dura_routed_department()
        step = self.current_step_id.step_id or self.service_type_id.step_ids[:1]
        return step.department_id

    def _action_file(self):
        stepped = self.filtered(
            lambda r: r.state == "awaiting_payment"
            and r.service_type_id.has_steps
            and not r.step_ids
        )
        result = super()._action_file()
        stepped = stepped.filtered(lambda r: r.state in ("filed", "on_hold"))
        if stepped:
            stepped.sudo()._dura_create_steps()
        return result

    def _dura_create_steps(self):
        """The request's steps, from its service's, the first one started (as superuser)."""
        vals_list = [
            {
                "request_id": request.id,
                "step_id": step.id,
                "sequence": index,
                "department_id": step.department_id.id,
                "check_ids": [
                    Command.create({"name": item.name, "sequence": item.sequence})
                    for item in step.checklist_item_ids
                ],
            }
            for request in self
            for index, step in enumerate(request.service_type_id.step_ids)
        ]
        self.env["dura.service.request.step"].create(vals_list)
        now = fields.Datetime.now()
        for request in self:
            first = request.step_ids[:1]
            request._dura_start_step(first, now, schedule=False)
            assignee = first.step_id._dura_assignee()
            if assignee and assignee != request.user_id:
                # the filing's to-do goes to the first step's assignee
                request.activity_ids.filtered(
                    lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
                ).write({"user_id": assignee.id})
                request.user_id = assignee

    def _dura_start_next_step(self, now):
        """Move each request to its next waiting step (as superuser)."""
        self.activity_feedback(["mail.mail_activity_data_todo"])
        for request in self:
            step = request.step_ids.filtered(lambda s: s.state == "waiting")[:1]
            request._dura_start_step(step, now)

    def _dura_start_step(self, step, now, schedule=True):
        """Start `step`: its deadline, the request moved to its department and assignee, a
        to-do for them, and the citizen texted when they must act."""
        self.ensure_one()
        service_step = step.step_id
        today = fields.Date.context_today(self)
        deadline = self._sla_add_working_days(today, service_step.sla_days)
        step.write({"state": "current", "date_start": now, "date_deadline": deadline})
        assignee = service_step._dura_assignee()
        vals = {}
        if self.department_id != step.department_id:
            vals["department_id"] = step.department_id.id
        if self.user_id != assignee:
            vals["user_id"] = assignee.id
        if vals:
            self.write(vals)
        if schedule:
            user = assignee or self.env.user
            env = self.with_context(lang=user.lang).env
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline,
                summary=env._(
                    "Step %(step)s: %(service)s",
                    step=service_step.with_env(env).name,
                    service=self.service_type_id.with_env(env).name,
                ),
                user_id=user.id,
            )
        # the demo walks its requests while installing: no SMS for them (see CONFIGURE.md)
        if service_step.citizen_action and not self.env.context.get("dura_demo_no_sms"):
            template = service_step._dura_sms_template()
            if template:
                self._dura_queue_sms(template, post=True, skip_unsendable=True)

    def _sla_resume(self, since, now):
        """Leaving hold pushes the current step's deadline back as much as the request's."""
        paused = self.sla_paused_days
        result = super()._sla_resume(since, now)
        days = self.sla_paused_days - paused
        step = self.current_step_id
        if days and step.date_deadline:
            step.sudo().date_deadline = self._sla_add_working_days(step.date_deadline, days)
        return result
