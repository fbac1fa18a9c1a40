from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, mute_logger

# how long a proposal waits for the citizen's YES
CONFIRM_HOURS = 24


class DuraUtilitySelfReading(models.Model):
    """A reading a citizen texted off their own meter (``قراءة <meter> <index>``).

    It is a proposal until the citizen confirms it by reply within a day: then it becomes a
    meter reading (source "Citizen by SMS"), checked by the same validation rules as a meter
    reader's. It is refused when below the last reading or when the period is already read; a
    new message for the same meter and period replaces a proposal not confirmed yet. A meter
    reader's reading of the same period, entered later, sets the citizen's reading aside (it
    is the municipality's own read)."""

    _name = "dura.utility.self.reading"
    _description = "Citizen Self-Reading"
    _order = "id desc"
    _rec_name = "meter_number"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    subscription_id = fields.Many2one(
        "dura.utility.subscription", required=True, readonly=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id", string="Citizen")
    utility = fields.Selection(related="subscription_id.utility", store=True)
    company_id = fields.Many2one(
        related="subscription_id.company_id", store=True, index=True, precompute=True
    )
    meter_number = fields.Char(readonly=True)
    number = fields.Char("Sent From", readonly=True, help="The citizen's number, E.164.")
    date = fields.Date(readonly=True, help="The day the message came, in the municipality.")
    period = fields.Char(readonly=True, index=True, help="Billing period as YYYY-MM.")
    value = fields.Float("Index Sent", digits=(16, 3), readonly=True)
    previous_value = fields.Float(digits=(16, 3), readonly=True)
    consumption = fields.Float(digits=(16, 3), readonly=True)
    usual_consumption = fields.Float(digits=(16, 3), readonly=True)
    check_state = fields.Selection(
        [("valid", "Usual"), ("exception", "Unusual")],
        "Rules",
        readonly=True,
        help="What the reading validation rules said of the index when it came: an unusual "
        "one is confirmed like any other and then waits for a supervisor.",
    )
    state = fields.Selection(
        [
            ("proposed", "Waiting for Confirmation"),
            ("confirmed", "Confirmed"),
            ("refused", "Refused"),
            ("expired", "Not Confirmed"),
            ("superseded", "Replaced"),
        ],
        required=True,
        default="proposed",
        readonly=True,
        index=True,
    )
    refusal_reason = fields.Selection(
        [
            ("below", "Below the last reading"),
            ("already_read", "Period already read"),
        ],
        readonly=True,
    )
    expires_at = fields.Datetime("Confirm Before", readonly=True)
    reading_id = fields.Many2one("dura.utility.reading", readonly=True, index="btree_not_null")
    inbound_id = fields.Many2one("dura.sms.inbound", "Message", readonly=True)
    confirmation_id = fields.Many2one("dura.sms.inbound", readonly=True)
    # what the citizen wrote and was answered, for the supervisors (who do not read the SMS
    # inbox: related fields read it as the system)
    message = fields.Text("Citizen's Message", related="inbound_id.body")
    answer = fields.Text("Our Answer", related="inbound_id.reply")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    def init(self):
        # one live proposal per meter and period, decided by PostgreSQL whichever worker gets
        # the message: the later message supersedes the earlier proposal first
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dura_utility_self_reading_live_uniq "
                "ON %s (subscription_id, period) WHERE state IN ('proposed', 'confirmed')",
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _pending(self, forms):
        """The proposals of the numbers `forms` (+970 and +972) still waiting for a YES."""
        return self.sudo().search(
            [
                ("number", "in", forms),
                ("state", "=", "proposed"),
                ("expires_at", ">", fields.Datetime.now()),
            ],
            order="id",
        )

    @api.model
    def _expires_at(self):
        return fields.Datetime.now() + timedelta(hours=CONFIRM_HOURS)

    def _confirm(self, confirmation):
        """Record the proposals as meter readings; return {proposal: reading, or False when
        the reading was refused} for the reply."""
        outcome = {}
        Reading = self.env["dura.utility.reading"].sudo()
        for proposal in self:
            # one savepoint each: a reader's reading entered meanwhile (the period index) or a
            # later-dated reading refuses this proposal, not the others
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    reading = Reading.create(
                        {
                            "subscription_id": proposal.subscription_id.id,
                            "date": proposal.date,
                            "value": proposal.value,
                            "source": "citizen_sms",
                            "reader_id": False,
                            "note": self.env._(
                                "Sent by SMS from %(number)s", number=proposal.number
                            ),
                        }
                    )
            except (UserError, ValidationError, psycopg2.IntegrityError):
                proposal.write({"state": "refused", "refusal_reason": "already_read"})
                outcome[proposal] = False
                continue
            proposal.write(
                {"state": "confirmed", "reading_id": reading.id, "confirmation_id": confirmation.id}
            )
            proposal.subscription_id.self_reading_period = proposal.period
            outcome[proposal] = reading
        return outcome

    @api.model
    def _cron_expire(self):
        """Proposals not confirmed within the day: marked so, nothing is read from them."""
        # sudo: the proposals are the system's (supervisors only read them)
        self.sudo().search(
            [("state", "=", "proposed"), ("expires_at", "<=", fields.Datetime.now())]
        ).write({"state": "expired"})
