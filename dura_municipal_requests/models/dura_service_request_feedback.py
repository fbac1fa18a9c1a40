import datetime

import pytz

from odoo import api, fields, models

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

from .dura_sms_inbound import _national_number

FEEDBACK_STATES = [
    ("asked", "Asked"),
    ("rated", "Rated"),
    ("unsolved", "Not Solved"),
    ("reopened", "Reopened"),
]
FEEDBACK_TEMPLATE = "dura_municipal_requests.sms_template_request_feedback"
# the citizen is asked an hour after the done SMS, not in the same minute: two texts at once
# read as one and the question is missed
FEEDBACK_DELAY = datetime.timedelta(hours=1)
# ... and never at night: the question waits for the morning (local hours, [start, end))
FEEDBACK_HOURS = (9, 20)
# requests done longer ago than this are not asked any more (e.g. when the feature is turned on
# in a database with years of completed requests)
FEEDBACK_MAX_AGE = datetime.timedelta(days=3)


def _quoted(note):
    """The citizen's words, quoted after a sentence (Babel cannot read an f-string inside a
    translated call: kept out of them)."""
    return f" «{note}»" if note else ""


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The citizen's word after completion: an SMS asks for a rating from 1 to 5, or 0 when
    the matter is not solved; a 0 reopens the request for its department (services without a
    completion effect: a complaint, a repair) or asks the department to call the citizen
    (services whose effect already happened: a subscription, a certificate)."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    feedback_state = fields.Selection(
        FEEDBACK_STATES,
        string="Citizen Feedback",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    feedback_asked_on = fields.Datetime(readonly=True, copy=False)
    feedback_date = fields.Datetime(string="Feedback Received On", readonly=True, copy=False)
    feedback_rating = fields.Integer(
        string="Citizen Rating",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The citizen's rating from 1 (bad) to 5 (excellent), answered by SMS.",
    )
    feedback_note = fields.Text(
        string="Citizen's Words",
        readonly=True,
        copy=False,
        help="What the citizen wrote after the rating, or after 0 (not solved).",
    )
    reopen_count = fields.Integer(
        string="Times Reopened",
        readonly=True,
        copy=False,
        help="How many times the citizen reopened the request by answering 0 (not solved).",
    )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        """A reopened request done again is asked again: the citizen judges the second
        attempt as the first."""
        if vals.get("state") == "done" and "feedback_state" not in vals:
            reopened = self.filtered(lambda r: r.feedback_state == "reopened")
            result = super().write(vals)
            if reopened:
                reopened.write({"feedback_state": False, "feedback_asked_on": False})
            return result
        return super().write(vals)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _feedback_reopenable(self):
        """A 0 reopens a request whose service has no effect of its own (a complaint, a
        repair, a council request): the department takes the matter up again. A service whose
        completion already did something (a subscription, a conversion, a certificate) is not
        undone by an SMS: its department calls the citizen instead."""
        self.ensure_one()
        return self.service_type_id.completion_effect in (False, "none")

    @api.model
    def _cron_feedback_ask(self):
        """Ask the citizens of the requests done an hour ago or more (up to three days) for
        their rating, between 09:00 and 20:00 municipal time; each request once. One search,
        one queue call per batch of citizens, one write."""
        template = self.env.ref(FEEDBACK_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        tz = pytz.timezone(self.env.company.partner_id.tz or DEFAULT_TZ)
        now = fields.Datetime.now()
        local_hour = pytz.utc.localize(now).astimezone(tz).hour
        if not FEEDBACK_HOURS[0] <= local_hour < FEEDBACK_HOURS[1]:
            return
        requests = self.search(
            [
                ("state", "=", "done"),
                ("feedback_state", "=", False),
                ("service_type_id.feedback_enabled", "=", True),
                ("date_done", "<=", now - FEEDBACK_DELAY),
                ("date_done", ">=", now - FEEDBACK_MAX_AGE),
            ]
        )
        if not requests:
            return
        # marked first: a citizen the gateway cannot text is not retried every hour
        requests.write({"feedback_state": "asked", "feedback_asked_on": now})
        requests._dura_queue_sms(template, post=True, skip_unsendable=True)

    @api.model
    def _feedback_awaiting(self, sender_key, region):
        """The latest request of the citizen with number `sender_key` (national significant
        number) that waits for a rating, within its service's reply window; else empty."""
        oldest = fields.Datetime.now() - datetime.timedelta(
            days=max(self.env["dura.service.type"]._feedback_max_days(), 1)
        )
        candidates = self.sudo().search(
            [("feedback_state", "=", "asked"), ("feedback_asked_on", ">=", oldest)],
            order="feedback_asked_on desc, id desc",
        )
        now = fields.Datetime.now()
        for request in candidates:
            days = request.service_type_id.feedback_days
            if request.feedback_asked_on < now - datetime.timedelta(days=days):
                continue
            if request._feedback_number_key(region) == sender_key:
                return request
        return self.browse()

    def _feedback_number_key(self, region):
        """The national significant number of the citizen's mobile (hook for the inbound
        matching, so that +970 and +972 forms of a number are the same citizen)."""
        return _national_number(self.partner_id.mobile, region)

    def _feedback_receive(self, rating, note):
        """Record the citizen's answer `rating` (0-5) with their words `note`; returns the
        reply text in the citizen's language. Runs as superuser: the citizen has no user."""
        self.ensure_one()
        request = self.sudo()
        now = fields.Datetime.now()
        vals = {"feedback_date": now, "feedback_note": note or False}
        if rating:
            request.write(dict(vals, feedback_state="rated", feedback_rating=rating))
            request.message_post(
                body=self.env._(
                    "The citizen rated the service %(rating)s/5.%(words)s",
                    rating=rating,
                    words=_quoted(note),
                ),
                subtype_xmlid="mail.mt_note",
            )
            return self.env._(
                "Dura Municipality: thank you, your rating of request %(number)s was recorded.",
                number=request.name,
            )
        if request._feedback_reopenable():
            request._feedback_reopen(note)
            return self.env._(
                "Dura Municipality: request %(number)s is reopened; the department will contact "
                "you.",
                number=request.name,
            )
        request.write(dict(vals, feedback_state="unsolved"))
        request._feedback_call_citizen(note)
        return self.env._(
            "Dura Municipality: we are sorry. The department will call you about request "
            "%(number)s.",
            number=request.name,
        )

    def _feedback_reopen(self, note):
        """Back to the department, in progress, with a new SLA deadline counted from now (the
        citizen waits again) and the citizen's words on the file and in the to-do."""
        self.ensure_one()
        now = fields.Datetime.now()
        self.write(
            {
                "state": "in_progress",
                "feedback_state": "reopened",
                "feedback_date": now,
                "feedback_note": note or False,
                "reopen_count": self.reopen_count + 1,
                "sla_deadline": self._compute_sla_deadline(now),
                "sla_escalation": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Reopened by the citizen (answered 0: not solved).%(words)s",
                words=_quoted(note),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._feedback_schedule(self.user_id or self.department_id.manager_id, "reopened", note)

    def _feedback_call_citizen(self, note):
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "The citizen answered 0: the matter is not solved.%(words)s",
                words=_quoted(note),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._feedback_schedule(self.department_id.manager_id or self.user_id, "unsolved", note)

    def _feedback_schedule(self, user, outcome, note):
        """A to-do for `user` about the citizen's 0 (`outcome`: reopened or unsolved), in the
        user's language, with the citizen's words."""
        if not user:
            return
        env = self.with_context(lang=user.lang).env
        if outcome == "reopened":
            summary = env._("Reopened by the citizen: %(number)s", number=self.name)
        else:
            summary = env._("Call the citizen (not solved): %(number)s", number=self.name)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.context_today(self),
            summary=summary,
            note=note or False,
            user_id=user.id,
        )
