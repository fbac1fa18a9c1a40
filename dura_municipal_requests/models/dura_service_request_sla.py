import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

# the clock runs in these states; on hold it waits for the citizen, and does not count
RUNNING_STATES = ("filed", "in_progress")
ESCALATION_LEVELS = [
    ("assignee", "Assignee reminded"),
    ("manager", "Department manager told"),
    ("director", "Director told"),
]
LEVEL_RANK = {False: 0, "assignee": 1, "manager": 2, "director": 3}


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The SLA clock: a deadline in working days of the municipality's calendar, paused while
    the request waits on hold for the citizen, and escalated to the assignee, the department
    manager and the director as it runs out."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    sla_deadline = fields.Date(string="SLA Deadline", readonly=True, copy=False, tracking=True)
    sla_hold_since = fields.Datetime(
        string="On Hold Since",
        readonly=True,
        copy=False,
        help="While the request waits for the citizen, its SLA clock is paused.",
    )
    sla_paused_days = fields.Integer(
        string="Days Paused",
        readonly=True,
        copy=False,
        help="Working days the request waited on hold for the citizen: they do not count "
        "against the department, and pushed the deadline back.",
    )
    sla_escalation = fields.Selection(
        ESCALATION_LEVELS,
        string="Escalation",
        readonly=True,
        copy=False,
        tracking=True,
        help="How far the running-out deadline was escalated; each level once.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("sla_deadline", "state", "merged_into_id")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in RUNNING_STATES
                and not request.merged_into_id
                and request.sla_deadline
                and request.sla_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        domain = [
            ("state", "in", RUNNING_STATES),
            ("sla_deadline", "<", fields.Date.context_today(self)),
            ("merged_into_id", "=", False),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        """Pause the clock when a request goes on hold, and on leaving hold push the deadline
        back by the working days it waited: every path (button, wizard, RPC, import) changes
        the state through here."""
        if "state" not in vals:
            return super().write(vals)
        if vals["state"] == "on_hold":
            pausing, resuming = self.filtered(lambda r: r.state in RUNNING_STATES), self.browse()
        else:
            pausing = self.browse()
            resuming = self.filtered(lambda r: r.state == "on_hold" and r.sla_hold_since)
        held_since = {request: request.sla_hold_since for request in resuming}
        result = super().write(vals)
        if pausing:
            pausing.write({"sla_hold_since": fields.Datetime.now()})
        now = fields.Datetime.now()
        for request, since in held_since.items():
            request._sla_resume(since, now)
        return result

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

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

    def _sla_resume(self, since, now):
        """The request left hold: count the working days it waited (rounded to the nearest
        day: a wait under half a working day moves nothing) and push the deadline back by as
        many working days; a deadline that is in the future again starts its escalation over."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if calendar:
            waited = calendar.get_work_duration_data(since, now, compute_leaves=True)["days"]
        else:
            waited = (now - since).total_seconds() / 86400
        days = int(waited + 0.5)
        vals = {"sla_hold_since": False}
        if days:
            vals["sla_paused_days"] = self.sla_paused_days + days
            if self.sla_deadline:
                vals["sla_deadline"] = self._sla_add_working_days(self.sla_deadline, days)
        deadline = vals.get("sla_deadline", self.sla_deadline)
        if deadline and deadline >= fields.Date.context_today(self):
            vals["sla_escalation"] = False
        self.write(vals)

    def _sla_add_working_days(self, day, days):
        """The `days`-th working day after `day` (negative: before) on the company's calendar
        and its public holidays; calendar days without a calendar."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if calendar and days:
            tz = pytz.timezone(calendar.tz or DEFAULT_TZ)
            edge = datetime.time.max if days > 0 else datetime.time.min
            local = tz.localize(datetime.datetime.combine(day, edge))
            start = local.astimezone(pytz.utc).replace(tzinfo=None)
            found = calendar.plan_days(days, start, compute_leaves=True)
            if found:
                return pytz.utc.localize(found).astimezone(tz).date()
        return fields.Date.add(day, days=days)

    @api.model
    def _cron_sla_escalate(self):
        """Escalate the deadlines that run out, each level once per request:

        - the assignee, `escalation_warn_days` working days before the deadline;
        - the department manager, on the deadline;
        - the directors, `escalation_director_days` working days after it.

        One activity per level; a request met late by the cron gets every level it passed.
        The thresholds are computed once per calendar and setting, not per request."""
        requests = self.search(
            [
                ("state", "in", RUNNING_STATES),
                ("sla_deadline", "!=", False),
                ("sla_escalation", "!=", "director"),
                # a merged complaint's clock is its file's
                ("merged_into_id", "=", False),
            ]
        )
        if not requests:
            return
        today = fields.Date.context_today(self)
        thresholds = {}

        def threshold(request, days):
            key = (request.company_id.id, days)
            if key not in thresholds:
                thresholds[key] = request._sla_add_working_days(today, days)
            return thresholds[key]

        reached = {"assignee": self.browse(), "manager": self.browse(), "director": self.browse()}
        for request in requests:
            service = request.service_type_id
            rank = LEVEL_RANK[request.sla_escalation]
            deadline = request.sla_deadline
            if rank < 1 and deadline <= threshold(request, service.escalation_warn_days):
                reached["assignee"] |= request
            if rank < 2 and deadline <= today:
                reached["manager"] |= request
            if rank < 3 and deadline <= threshold(request, -service.escalation_director_days):
                reached["director"] |= request
        highest = {}
        for level, level_requests in reached.items():  # from the lowest level up
            if level_requests:
                level_requests._sla_notify(level)
            for request in level_requests:
                highest[request] = level
        for level in reached:
            done = self.browse([request.id for request, top in highest.items() if top == level])
            if done:
                done.write({"sla_escalation": level})

    def _sla_notify(self, level):
        """One to-do activity per request for whoever `level` names, in their language."""
        directors = self.env.ref("dura_municipal_requests.group_director").users.filtered(
            lambda user: not user.share
        )
        for request in self:
            if level == "assignee":
                users = request.user_id or request.department_id.manager_id
            elif level == "manager":
                users = request.department_id.manager_id or request.user_id
            else:
                company = request.company_id
                users = directors.filtered(lambda user, c=company: c in user.company_ids)
            for user in users:
                env = self.with_context(lang=user.lang).env
                deadline = request.sla_deadline
                date = format_date(env, deadline)
                summary = (
                    env._("Due on %(date)s: %(number)s", date=date, number=request.name)
                    if level == "assignee"
                    else env._("Overdue since %(date)s: %(number)s", date=date, number=request.name)
                )
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=max(deadline, fields.Date.context_today(self)),
                    summary=summary,
                    user_id=user.id,
                )
