from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.reading_validation import (
    CHECKED_KINDS,
    HistoryPeriod,
    consumption_of,
    usual_consumption,
    validate,
)

SUPERVISOR_GROUP = "dura_utility_billing.group_reading_supervisor"
# set by the model itself when a supervisor's decision writes the fields below
DECISION_CONTEXT = "dura_reading_decision"
# written by the validation rules and the supervisors' decisions only, never by a plain write
# (a reader must not make his own reading billable over RPC)
DECISION_FIELDS = {
    "validation_state",
    "validation_reason",
    "usual_consumption",
    "decision_reason",
    "decision_user_id",
    "decision_date",
    "superseded_by_id",
    "leak_alert_sent",
}
# a change of these checks the (unbilled) reading again, and forgets an earlier decision
REVALIDATED_FIELDS = {
    "subscription_id",
    "value",
    "kind",
    "estimated",
    "old_meter_final_value",
    "new_meter_initial_value",
    "rollover_capacity",
}
DECISION_STATES = {"accept": "accepted", "reread": "reread", "estimate": "estimate"}


# one file per concern of the reading, on purpose (see dura_utility_reading.py)
class DuraUtilityReading(models.Model):
    """Validation before billing.

    Each reading is checked when created against the subscription's own history (the plain-
    Python rules of ``tools/reading_validation.py``, the company's settings of its utility):
    it is ``valid``, or an ``exception`` waiting for a supervisor's decision. The supervisor
    accepts it (billable as read), orders a re-read (the reading stays, unbillable; the next
    reading entered for the same period supersedes it) or replaces it by an estimate (a new
    estimated reading of the usual consumption supersedes it). Only ``valid`` and
    ``accepted`` readings are billed."""

    _inherit = "dura.utility.reading"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    validation_state = fields.Selection(
        [
            ("valid", "Valid"),
            ("exception", "Exception"),
            ("accepted", "Accepted"),
            ("reread", "Re-read"),
            ("estimate", "Replaced by Estimate"),
        ],
        string="Validation",
        required=True,
        default="valid",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Valid and Accepted readings are billed. An Exception waits for a supervisor's "
        "decision; a reading to Re-read or Replaced by Estimate is not billed.",
    )
    validation_reason = fields.Selection(
        [
            ("high", "Far above usual"),
            ("low", "Far below usual"),
            ("zero", "Zero consumption"),
            ("negative_unstated", "Negative consumption"),
            ("prolonged_estimate", "Estimated too long"),
        ],
        string="Exception Reason",
        readonly=True,
        copy=False,
        tracking=True,
    )
    usual_consumption = fields.Float(
        digits=(16, 3),
        readonly=True,
        copy=False,
        help="Average consumption of the subscription's last billed periods (the company's "
        "periods of history) when the reading was checked.",
    )
    decision_reason = fields.Text(readonly=True, copy=False, tracking=True)
    decision_user_id = fields.Many2one("res.users", "Decided By", readonly=True, copy=False)
    decision_date = fields.Datetime("Decided On", readonly=True, copy=False)
    superseded_by_id = fields.Many2one(
        "dura.utility.reading",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The reading of the same period that replaced this one (re-read or estimate).",
    )
    leak_alert_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The household was texted a possible-leak alert for this reading.",
    )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    def write(self, vals):
        if DECISION_FIELDS & set(vals) and not self.env.su:
            self._dura_check_supervisor()
            if not self.env.context.get(DECISION_CONTEXT):
                raise UserError(
                    self.env._(
                        "A reading's validation is changed by a supervisor's decision only "
                        "(Decide)."
                    )
                )
        result = super().write(vals)
        if REVALIDATED_FIELDS & set(vals) and not self.env.context.get(DECISION_CONTEXT):
            # sudo: whether a bill exists (readers do not read bills)
            self.filtered(
                lambda r: not r.sudo().bill_ids and r.validation_state not in ("reread", "estimate")
            )._dura_revalidate()
        return result

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_dura_decide(self):
        """The decision wizard on the selected readings."""
        self._dura_check_supervisor()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_reading_decision_wizard"
        )
        action["context"] = {"default_reading_ids": self.ids}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _dura_check_supervisor(self):
        if not (self.env.su or self.env.user.has_group(SUPERVISOR_GROUP)):
            raise AccessError(
                self.env._("Only a meter reading supervisor decides a reading's validation.")
            )

    def _dura_validate_vals(self, vals_list, subscriptions):
        """Set the validation of each reading to create in its vals (the previous index
        already set by create()), from one query for the history of all `subscriptions`.
        Returns the re-read readings waiting for their replacement, {subscription: {period:
        reading id}}, for :meth:`_dura_validated`."""
        decided = self.env.context.get(DECISION_CONTEXT)
        for vals in vals_list:
            if DECISION_FIELDS & set(vals) and not self.env.su:
                # a supervisor's estimate comes with its decision; nobody else sets one
                self._dura_check_supervisor()
                if not decided:
                    raise UserError(
                        self.env._("A new reading's validation is set by the rules only.")
                    )
        checked = [
            vals
            for vals in vals_list
            if vals.get("subscription_id")
            and (vals.get("kind") or "regular") in CHECKED_KINDS
            and "validation_state" not in vals
        ]
        if not checked:
            return {}
        settings = {}
        for subscription in subscriptions:
            key = (subscription.company_id, subscription.utility)
            if key not in settings:
                settings[key] = subscription.company_id._dura_validation_settings(
                    subscription.utility
                )
        depth = max(max(s.history_periods, s.estimate_periods) for s in settings.values())
        history, rereads = self._dura_reading_history(subscriptions, depth)
        by_id = {subscription.id: subscription for subscription in subscriptions}
        for vals in checked:
            subscription = by_id[vals["subscription_id"]]
            rules = settings[subscription.company_id, subscription.utility]
            kind = vals.get("kind") or "regular"
            consumption = consumption_of(
                kind,
                vals.get("value") or 0.0,
                vals.get("previous_value") or 0.0,
                old_final=vals.get("old_meter_final_value") or 0.0,
                new_initial=vals.get("new_meter_initial_value") or 0.0,
                capacity=vals.get("rollover_capacity") or 0.0,
            )
            periods = history.get(subscription.id, [])
            state, reason = validate(
                consumption,
                periods,
                kind,
                rules,
                estimated=bool(vals.get("estimated")),
                previous_estimated=bool(vals.get("previous_estimated")),
            )
            vals["validation_state"] = state
            vals["validation_reason"] = reason or False
            vals["usual_consumption"] = usual_consumption(periods, rules) or 0.0
        return rereads

    def _dura_validated(self, rereads):
        """After create: the new readings supersede the re-read readings of their period, and
        the households with a water reading far above their usual are texted."""
        for reading in self:
            old_id = rereads.get(reading.subscription_id.id, {}).get(reading.period)
            if old_id and reading.kind in CHECKED_KINDS:
                # sudo: the reader entering the re-read links the reading he replaces
                self.browse(old_id).sudo().with_context(**{DECISION_CONTEXT: True}).write(
                    {"superseded_by_id": reading.id}
                )
        self._dura_send_leak_alerts()

    def _dura_revalidate(self):
        """Check readings again after a change of their index or kind (not billed yet): the
        rules decide afresh, an earlier decision no longer holds."""
        if not self:
            return
        subscriptions = self.subscription_id
        settings = {
            (s.company_id, s.utility): s.company_id._dura_validation_settings(s.utility)
            for s in subscriptions
        }
        depth = max(max(s.history_periods, s.estimate_periods) for s in settings.values())
        history, _rereads = self._dura_reading_history(subscriptions, depth)
        decided = self.sudo().with_context(**{DECISION_CONTEXT: True})
        for reading in decided:
            rules = settings[reading.company_id, reading.utility]
            periods = history.get(reading.subscription_id.id, [])
            state, reason = validate(
                reading.consumption,
                periods,
                reading.kind,
                rules,
                estimated=reading.estimated,
                previous_estimated=reading.previous_estimated,
            )
            vals = {
                "validation_state": state,
                "validation_reason": reason or False,
                "usual_consumption": usual_consumption(periods, rules) or 0.0,
                "decision_reason": False,
                "decision_user_id": False,
                "decision_date": False,
            }
            if any(reading[name] != value for name, value in vals.items()):
                reading.write(vals)
        self._dura_send_leak_alerts()

    @api.model
    def _dura_reading_history(self, subscriptions, depth):
        """In one query, for all `subscriptions`: their last `depth` billed readings
        ({subscription id: [HistoryPeriod], the most recent first}) and their re-read readings
        still waiting for the reading that replaces them ({subscription id: {period: id}})."""
        history = defaultdict(list)
        rereads = defaultdict(dict)
        if not subscriptions:
            return history, rereads
        self.flush_model()
        self.env["dura.utility.bill"].flush_model(["reading_id"])
        ids = tuple(subscriptions.ids)
        self.env.cr.execute(
            SQL(
                """
                SELECT subscription_id, rank, consumption, estimated, NULL, NULL
                  FROM (SELECT r.subscription_id, r.consumption, r.estimated,
                               ROW_NUMBER() OVER (PARTITION BY r.subscription_id
                                                  ORDER BY r.date DESC, r.id DESC) AS rank
                          FROM %(reading)s r
                         WHERE r.subscription_id IN %(ids)s
                           AND EXISTS (SELECT 1 FROM %(bill)s b WHERE b.reading_id = r.id)
                       ) ranked
                 WHERE rank <= %(depth)s
                UNION ALL
                SELECT subscription_id, 0, NULL, NULL, id, period
                  FROM %(reading)s
                 WHERE subscription_id IN %(ids)s
                   AND validation_state = 'reread' AND superseded_by_id IS NULL
                 ORDER BY 1, 2
                """,
                reading=SQL.identifier(self._table),
                bill=SQL.identifier(self.env["dura.utility.bill"]._table),
                ids=ids,
                depth=max(depth, 1),
            )
        )
        # ordered by subscription then rank: each history list comes the most recent first
        rows = self.env.cr.fetchall()
        for subscription_id, _rank, consumption, estimated, reread_id, period in rows:
            if reread_id:
                rereads[subscription_id][period] = reread_id
            else:
                history[subscription_id].append(HistoryPeriod(consumption, bool(estimated)))
        return history, rereads

    def _dura_decide(self, decision, reason):
        """A supervisor's decision on exception readings (or on accepted ones not billed yet,
        when he changes his mind): `decision` is accept, reread or estimate; `reason` is
        required. Returns the estimated readings created."""
        self._dura_check_supervisor()
        if decision not in DECISION_STATES:
            raise UserError(self.env._("Unknown decision %s.", decision))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the decision."))
        # sudo: whether a bill exists, not what it says (supervisors do not read bills)
        billed = self.sudo().filtered("bill_ids")
        if billed:
            raise UserError(
                self.env._(
                    "Reading %s is already billed: its decision can no longer be changed "
                    "(correct the bill instead).",
                    billed[0].meter_number,
                )
            )
        undecidable = self.filtered(lambda r: r.validation_state not in ("exception", "accepted"))
        if undecidable:
            raise UserError(
                self.env._(
                    "Only readings waiting for a decision (or accepted and not billed yet) can "
                    "be decided; reading of meter %(meter)s is %(state)s.",
                    meter=undecidable[0].meter_number,
                    state=dict(self._fields["validation_state"]._description_selection(self.env))[
                        undecidable[0].validation_state
                    ],
                )
            )
        if decision == "estimate":
            for reading in self:
                if reading.kind != "regular" or reading.usual_consumption <= 0:
                    raise UserError(
                        self.env._(
                            "Reading of meter %s cannot be estimated: only a regular reading "
                            "of a subscription with a usual consumption can (accept it or have "
                            "it read again).",
                            reading.meter_number,
                        )
                    )
        decided = self.with_context(**{DECISION_CONTEXT: True})
        vals = {
            "validation_state": DECISION_STATES[decision],
            "decision_reason": reason.strip(),
            "decision_user_id": self.env.uid,
            "decision_date": fields.Datetime.now(),
        }
        decided.write(vals)
        if decision != "estimate":
            return self.browse()
        # the estimate takes the set-aside reading's place: same period and date, the usual
        # consumption on top of the same previous index, decided by the same supervisor
        estimates = decided.create(
            [
                {
                    "subscription_id": reading.subscription_id.id,
                    "date": reading.date,
                    "period": reading.period,
                    "kind": "regular",
                    "value": reading.previous_value + reading.usual_consumption,
                    "estimated": True,
                    "note": self.env._("Estimate replacing reading %s", reading.value),
                    **vals,
                    "validation_state": "accepted",
                }
                for reading in self
            ]
        )
        for reading, estimate in zip(self, estimates, strict=True):
            decided.browse(reading.id).write({"superseded_by_id": estimate.id})
        return estimates.with_env(self.env)

    def _dura_send_leak_alerts(self):
        """Text each household whose water reading is far above its usual (the high rule),
        before the bill goes out: once per reading, citizens with a mobile on file, one queue
        call for all (the SMS is sent outside this transaction)."""
        alerts = self.filtered(
            lambda r: r.validation_reason == "high"
            and r.utility == "water"
            and not r.estimated
            and not r.leak_alert_sent
            and r.company_id.dura_leak_alert
            and r.partner_id.mobile
        )
        template = self.env.ref(
            "dura_utility_billing.sms_template_leak_alert", raise_if_not_found=False
        )
        if not alerts or not template:
            return 0
        report = alerts._dura_queue_sms(template, skip_unsendable=True)
        sent = self.browse(report.created_ids)
        # sudo: the flag is the system's, whoever entered the reading
        sent.sudo().with_context(**{DECISION_CONTEXT: True}).write({"leak_alert_sent": True})
        return len(sent)
