from datetime import datetime, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

SECRETARY_GROUP = "dura_municipal_requests.group_council_secretary"
# a request the council has not decided yet: filed, or taken up (in progress, possibly deferred)
AGENDA_STATES = ("filed", "in_progress")
OPEN_SESSION_STATES = ("draft", "scheduled")


class DuraCouncilSession(models.Model):
    """A session of the municipal council.

    The council's secretary prepares it (date, place, attendees) and puts on its agenda the
    filed requests the council decides, in one click. Scheduling it takes those requests up
    and answers the citizens who asked to attend a session with its date and place (their
    request is then done, the SMS says when and where). After the session the secretary
    records the decision of each item (approved, rejected, deferred, with its text):
    approved requests are completed, rejected ones rejected with the decision as the reason,
    deferred ones go back to the pool for the next session; each citizen gets an SMS. The
    agenda and the minutes print in the municipality's letterhead."""

    _name = "dura.council.session"
    _description = "Municipal Council Session"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    @api.model
    def _default_date(self):
        # a week from today at 10:00 in the municipality, the secretary moves it
        tz = pytz.timezone(self.env.company.partner_id.tz or DEFAULT_TZ)
        local = datetime.now(tz).replace(hour=10, minute=0, second=0, microsecond=0)
        return (local + timedelta(days=7)).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _default_attendees(self):
        return self.env["res.partner"].search([("dura_council_member", "=", True)])

    name = fields.Char(
        "Session Number", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    date = fields.Datetime(required=True, tracking=True, default=_default_date)
    place = fields.Char(
        required=True,
        tracking=True,
        default=lambda self: self.env._("Council hall"),
    )
    state = fields.Selection(
        [
            ("draft", "Preparation"),
            ("scheduled", "Scheduled"),
            ("held", "Held"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    attendee_ids = fields.Many2many(
        "res.partner",
        string="Attendees",
        default=_default_attendees,
        help="The council members invited; the minutes list them.",
    )
    item_ids = fields.One2many(
        "dura.council.session.item", "session_id", string="Agenda", copy=False
    )
    attendance_request_ids = fields.One2many(
        "dura.service.request",
        "council_session_id",
        string="Citizens Attending",
        domain=[("service_type_id.council_role", "=", "attendance")],
        readonly=True,
    )
    item_count = fields.Integer(compute="_compute_item_count", string="Agenda Items")
    undecided_count = fields.Integer(compute="_compute_item_count", string="Undecided")
    notes = fields.Html("Minutes Notes", help="Printed at the end of the minutes.")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("item_ids.decision")
    def _compute_item_count(self):
        for session in self:
            session.item_count = len(session.item_ids)
            session.undecided_count = len(session.item_ids.filtered(lambda i: not i.decision))

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_secretary()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dura.council.session") or "/"
        return super().create(vals_list)

    def write(self, vals):
        self._check_secretary()
        if {"date", "place"} & set(vals) and self.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "The date and place of a scheduled session were sent to the citizens: "
                    "they no longer change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scheduled(self):
        if self.filtered(lambda s: s.state not in ("draft", "cancelled")):
            raise UserError(self.env._("A scheduled or held session cannot be deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_load_agenda(self):
        """Put on the agenda every filed request the council decides that is on no other open
        session's agenda (deferred ones included), oldest first."""
        self._check_secretary()
        for session in self:
            if session.state != "draft":
                raise UserError(self.env._("The agenda of session %s is closed.", session.name))
        pending = self._pending_requests()
        for session in self:
            sequence = max(session.item_ids.mapped("sequence") or [0])
            new = pending - session.item_ids.request_id
            session.item_ids = [
                Command.create({"request_id": request.id, "sequence": sequence + index})
                for index, request in enumerate(new, start=1)
            ]
        return True

    def action_schedule(self):
        """Fix the agenda and the date: its requests are taken up, and the citizens who asked
        to attend a session are answered with this one's date and place."""
        self._check_secretary()
        now = fields.Datetime.now()
        for session in self:
            if session.state != "draft":
                raise UserError(self.env._("Session %s is already scheduled.", session.name))
            if session.date <= now:
                raise ValidationError(
                    self.env._("Schedule session %s at a date to come.", session.name)
                )
            if not session.item_ids:
                raise UserError(
                    self.env._(
                        "The agenda of session %s is empty: add the filed requests first.",
                        session.name,
                    )
                )
        self.write({"state": "scheduled"})
        requests = self.item_ids.request_id
        requests.filtered(lambda r: r.state == "filed").action_start()
        for session in self:
            session.item_ids.request_id.write({"council_session_id": session.id})
        # the next session answers every citizen waiting to attend one
        attending = self.env["dura.service.request"].search(
            [
                ("service_type_id.council_role", "=", "attendance"),
                ("state", "in", AGENDA_STATES),
                ("council_session_id", "=", False),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        if attending:
            first = self.sorted("date")[:1]
            attending.filtered(lambda r: r.state == "filed").action_start()
            attending.write({"council_session_id": first.id})
            # done: the automation texts the session's date and place
            attending.action_done()
        return True

    def action_record_decisions(self):
        """After the session: each item's decision applied to its request, the citizen told."""
        self._check_secretary()
        for session in self:
            if session.state != "scheduled":
                raise UserError(self.env._("Only a scheduled session's decisions are recorded."))
            if session.undecided_count:
                raise UserError(
                    self.env._(
                        "Give a decision on every item of session %(session)s (%(count)s "
                        "without one).",
                        session=session.name,
                        count=session.undecided_count,
                    )
                )
        self.write({"state": "held"})
        self.item_ids._apply_decisions()
        return True

    def action_cancel(self):
        self._check_secretary()
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "Only a session in preparation can be cancelled: a scheduled session's "
                    "date was sent to the citizens."
                )
            )
        self.write({"state": "cancelled"})
        return True

    def action_print_agenda(self):
        return self.env.ref("dura_municipal_requests.action_report_council_agenda").report_action(
            self
        )

    def action_print_minutes(self):
        return self.env.ref("dura_municipal_requests.action_report_council_minutes").report_action(
            self
        )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _check_secretary(self):
        if not (self.env.su or self.env.user.has_group(SECRETARY_GROUP)):
            raise AccessError(self.env._("Only the council's secretary prepares its sessions."))

    @api.model
    def _pending_requests(self):
        """The requests waiting for the council: filed or taken up, of a service the council
        decides, on no open session's agenda."""
        return self.env["dura.service.request"].search(
            [
                ("service_type_id.council_role", "=", "decision"),
                ("state", "in", AGENDA_STATES),
                ("company_id", "in", self.env.companies.ids),
                (
                    "council_item_ids",
                    "not any",
                    [("session_id.state", "in", OPEN_SESSION_STATES)],
                ),
            ],
            order="date_filed, id",
        )

    def _lang(self):
        """The council's documents are in the municipality's language (Arabic)."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        for code in (self.company_id.partner_id.lang, "ar_001", self.env.user.lang):
            if code in installed:
                return code
        return "en_US"
