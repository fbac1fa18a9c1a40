import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare

from ..tools.reading_validation import consumption_of

BILLABLE_KINDS = ("regular", "replacement", "rollover")
# validation states a bill may be computed from (see dura_utility_reading_validation.py)
BILLABLE_STATES = ("valid", "accepted")
# readings a supervisor set aside (to be read again, or replaced by an estimate): no longer the
# period's reading nor the index the next reading continues from
SUPERSEDED_STATES = ("reread", "estimate")
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class DuraUtilityReading(models.Model):
    _name = "dura.utility.reading"
    _description = "Meter Reading"
    # the chatter records the supervisors' decisions (tracked fields); the SMS mixin texts the
    # household a leak alert
    _inherit = ("mail.thread", "dura.sms.sender.mixin")
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        required=True,
        index=True,
        ondelete="restrict",
        # no check_company: the reading takes its company from the subscription (related
        # field), so a new reading has none yet and a company-checked domain found nothing;
        # the subscription record rule keeps the choice to the user's companies
        domain="[('state', 'in', ('active', 'suspended', 'draft'))]",
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id", string="Citizen")
    utility = fields.Selection(related="subscription_id.utility", store=True)
    quarter = fields.Char(related="subscription_id.quarter", store=True)
    company_id = fields.Many2one(
        related="subscription_id.company_id", store=True, index=True, precompute=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    period = fields.Char(
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        help="Billing period as YYYY-MM.",
    )
    kind = fields.Selection(
        [
            ("regular", "Regular"),
            ("replacement", "Meter replacement"),
            ("rollover", "Meter rollover"),
            ("final", "Final card reading"),
            ("opening", "Opening reading"),
        ],
        required=True,
        default="regular",
    )
    meter_number = fields.Char(
        compute="_compute_meter_number", store=True, readonly=False, precompute=True
    )
    value = fields.Float(required=True, digits=(16, 3))
    previous_value = fields.Float(readonly=True, digits=(16, 3), copy=False)
    previous_meter_number = fields.Char(readonly=True, copy=False)
    # the reading before was an estimate: this one may be below it, its consumption then
    # negative (the estimate was too high) and billed back exactly (see the billing run)
    previous_estimated = fields.Boolean(readonly=True, copy=False)
    old_meter_final_value = fields.Float(
        "Final Reading of Old Meter",
        digits=(16, 3),
        help="Meter replacement: last index read on the removed meter.",
    )
    new_meter_initial_value = fields.Float(
        "Initial Index of New Meter",
        digits=(16, 3),
        help="Meter replacement: index shown by the new meter when installed.",
    )
    rollover_capacity = fields.Float(
        "Meter Capacity",
        digits=(16, 3),
        help="Rollover: the index at which the meter went back to zero (e.g. 100000).",
    )
    consumption = fields.Float(
        compute="_compute_consumption", store=True, digits=(16, 3), aggregator="sum"
    )
    estimated = fields.Boolean(help="Estimated, not read on the meter.")
    reader_id = fields.Many2one("res.users", "Read By", default=lambda self: self.env.user)
    bill_ids = fields.One2many("dura.utility.bill", "reading_id", string="Bills", readonly=True)
    note = fields.Char()

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("date")
    def _compute_period(self):
        for reading in self:
            reading.period = reading.date and reading.date.strftime("%Y-%m")

    @api.depends("meter_number", "period")
    def _compute_display_name(self):
        # what a link to a reading (a bill, a self-reading, a breadcrumb) says: meter · period
        for reading in self:
            reading.display_name = " · ".join(
                part for part in (reading.meter_number, reading.period) if part
            )

    @api.depends("subscription_id", "kind")
    def _compute_meter_number(self):
        # a replacement names the new meter; any other reading is on the subscription's meter
        for reading in self:
            if reading.kind != "replacement" or not reading.meter_number:
                reading.meter_number = reading.subscription_id.meter_number

    @api.depends(
        "kind",
        "value",
        "previous_value",
        "old_meter_final_value",
        "new_meter_initial_value",
        "rollover_capacity",
    )
    def _compute_consumption(self):
        for reading in self:
            # the formula is shared with create(), which validates a reading before it exists
            reading.consumption = consumption_of(
                reading.kind,
                reading.value,
                reading.previous_value,
                old_final=reading.old_meter_final_value,
                new_initial=reading.new_meter_initial_value,
                capacity=reading.rollover_capacity,
            )

    @api.onchange("subscription_id")
    def _onchange_subscription_id(self):
        # show the index to beat while typing; create() sets the stored value again
        new = self.filtered(lambda r: not r._origin.id and r.subscription_id)
        last = self._get_last_readings(new.subscription_id._origin)
        for reading in new:
            subscription = reading.subscription_id
            previous = last.get(subscription._origin.id)
            reading.previous_value = previous["value"] if previous else subscription.initial_reading

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    def init(self):
        # one billable reading per subscription and period, enforced by PostgreSQL; a reading
        # a supervisor set aside (re-read, estimate) leaves room for the one replacing it. The
        # index of 18.0.1.3.0 (without that condition) is dropped and made again with it.
        self.env.cr.execute(
            SQL(
                "SELECT indexdef LIKE %s FROM pg_indexes WHERE indexname = %s",
                "%validation_state%",
                "dura_utility_reading_period_uniq",
            )
        )
        row = self.env.cr.fetchone()
        if row and not row[0]:
            self.env.cr.execute(SQL("DROP INDEX dura_utility_reading_period_uniq"))
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dura_utility_reading_period_uniq "
                "ON %s (subscription_id, period) WHERE kind IN %s AND validation_state NOT IN %s",
                SQL.identifier(self._table),
                BILLABLE_KINDS,
                SUPERSEDED_STATES,
            )
        )

    @api.constrains("period")
    def _check_period(self):
        for reading in self:
            if not PERIOD_RE.match(reading.period or ""):
                raise ValidationError(
                    self.env._("The period %s must be written YYYY-MM.", reading.period)
                )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for reading in self:
            if reading.date > today:
                raise ValidationError(
                    self.env._(
                        "A meter reading cannot be dated in the future (%(date)s, meter "
                        "%(meter)s).",
                        date=fields.Date.to_string(reading.date),
                        meter=reading.meter_number,
                    )
                )

    @api.constrains(
        "kind",
        "value",
        "previous_value",
        "previous_estimated",
        "meter_number",
        "old_meter_final_value",
        "rollover_capacity",
    )
    def _check_value(self):
        for reading in self:
            if reading.value < 0:
                raise ValidationError(self.env._("A meter reading cannot be negative."))
            same_meter = reading.meter_number == reading.previous_meter_number
            below = float_compare(reading.value, reading.previous_value, precision_digits=3) < 0
            if reading.kind in ("regular", "final") and below and not reading.previous_estimated:
                raise ValidationError(
                    self.env._(
                        "Reading %(value)s of meter %(meter)s is below the previous reading "
                        "%(previous)s. If the meter was replaced or went back to zero, record "
                        "a meter replacement or a rollover instead.",
                        value=reading.value,
                        meter=reading.meter_number,
                        previous=reading.previous_value,
                    )
                )
            if reading.kind == "opening" and same_meter and below:
                raise ValidationError(
                    self.env._(
                        "The opening reading %(value)s of meter %(meter)s is below its last "
                        "reading %(previous)s.",
                        value=reading.value,
                        meter=reading.meter_number,
                        previous=reading.previous_value,
                    )
                )
            if reading.kind == "replacement":
                if same_meter or not reading.meter_number:
                    raise ValidationError(
                        self.env._("A meter replacement needs the number of the new meter.")
                    )
                if (
                    float_compare(
                        reading.old_meter_final_value, reading.previous_value, precision_digits=3
                    )
                    < 0
                ):
                    raise ValidationError(
                        self.env._(
                            "The final reading of the old meter (%(final)s) is below its "
                            "previous reading %(previous)s.",
                            final=reading.old_meter_final_value,
                            previous=reading.previous_value,
                        )
                    )
            if reading.kind == "rollover" and (
                float_compare(reading.rollover_capacity, reading.previous_value, precision_digits=3)
                <= 0
                or not below
            ):
                raise ValidationError(
                    self.env._(
                        "A rollover needs the meter capacity above the previous reading "
                        "%(previous)s and a new value below it.",
                        previous=reading.previous_value,
                    )
                )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        subscription_ids = {vals.get("subscription_id") for vals in vals_list}
        subscriptions = self.env["dura.utility.subscription"].browse(
            [sid for sid in subscription_ids if sid]
        )
        last = self._get_last_readings(subscriptions)
        # records of the whole set share its prefetch: one read for all (browse(id) alone
        # would read each subscription in its own query)
        by_id = {subscription.id: subscription for subscription in subscriptions}
        for vals in sorted(vals_list, key=lambda v: str(v.get("date") or "")):
            subscription = by_id.get(vals.get("subscription_id"))
            if not subscription:
                continue
            if subscription.state == "closed":
                raise UserError(
                    self.env._(
                        "Subscription %s is closed: no reading can be added.", subscription.name
                    )
                )
            date = fields.Date.to_date(vals.get("date")) or fields.Date.context_today(self)
            previous = last.get(subscription.id)
            if previous and date < previous["date"]:
                raise ValidationError(
                    self.env._(
                        "Subscription %(name)s already has a reading dated %(date)s; readings "
                        "are entered in date order.",
                        name=subscription.name,
                        date=fields.Date.to_string(previous["date"]),
                    )
                )
            vals["previous_value"] = previous["value"] if previous else subscription.initial_reading
            vals["previous_meter_number"] = (
                previous["meter_number"] if previous else subscription.meter_number
            )
            vals["previous_estimated"] = bool(previous and previous["estimated"])
            vals.setdefault("meter_number", subscription.meter_number)
            last[subscription.id] = {
                "date": date,
                "value": vals.get("value", 0.0),
                "meter_number": vals["meter_number"],
                "estimated": bool(vals.get("estimated")),
            }
        # validated before they exist: one history query, the states in the same INSERT
        rereads = self._dura_validate_vals(vals_list, subscriptions)
        # readings come by the route, thousands a period: no follower, no creation message
        # (tracking_disable); the chatter is for the supervisors' decisions
        readings = (
            super(DuraUtilityReading, self.with_context(tracking_disable=True))
            .create(vals_list)
            .with_env(self.env)
        )
        readings._dura_validated(rereads)
        # a replacement moves the subscription to the new meter (rare: one write each)
        for reading in readings.filtered(lambda r: r.kind == "replacement"):
            reading.subscription_id.meter_number = reading.meter_number
        return readings

    def write(self, vals):
        locked = {"subscription_id", "value", "kind", "date", "period", "meter_number"}
        # sudo: whether a bill exists, not what it says (readers do not read bills)
        if locked & set(vals) and self.sudo().filtered("bill_ids"):
            raise UserError(self.env._("A reading already billed cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.filtered("bill_ids"):
            raise UserError(self.env._("A reading already billed cannot be deleted."))

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _get_last_readings(self, subscriptions):
        """Latest reading of each subscription, in one query:
        {id: {date, value, meter_number, estimated}}."""
        if not subscriptions:
            return {}
        self.flush_model(
            ["subscription_id", "date", "value", "meter_number", "estimated", "validation_state"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT ON (subscription_id) subscription_id, date, value, meter_number, "
                "estimated FROM %s WHERE subscription_id IN %s AND validation_state NOT IN %s "
                "ORDER BY subscription_id, date DESC, id DESC",
                SQL.identifier(self._table),
                tuple(subscriptions.ids),
                SUPERSEDED_STATES,
            )
        )
        return {
            sid: {"date": date, "value": value, "meter_number": meter, "estimated": estimated}
            for sid, date, value, meter, estimated in self.env.cr.fetchall()
        }
