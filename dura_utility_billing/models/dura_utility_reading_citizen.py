from odoo import api, fields, models

from ..tools.reading_validation import CHECKED_KINDS
from .dura_utility_reading import SUPERSEDED_STATES
from .dura_utility_reading_validation import DECISION_CONTEXT


class DuraUtilityReading(models.Model):
    """Who read the meter: the municipality's staff (by hand, a route's file, an estimate) or
    the citizen by SMS. The municipality's own read of a period wins: a staff reading sets a
    citizen's reading of the same period aside (Re-read, superseded by the new one) while it is
    not billed."""

    _inherit = "dura.utility.reading"  # pylint: disable=consider-merging-classes-inherited

    source = fields.Selection(
        [("staff", "Municipality"), ("citizen_sms", "Citizen by SMS")],
        required=True,
        default="staff",
        readonly=True,
        index=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._dura_set_aside_citizen_readings(vals_list)
        return super().create(vals_list)

    @api.model
    def _dura_set_aside_citizen_readings(self, vals_list):
        """Before staff readings are created: the citizen's unbilled readings of their
        subscription and period become Re-read, so the staff reading replaces them (the
        validation links it as their successor). Costs no query unless a subscription has
        a citizen reading standing (its period is kept on the subscription)."""
        subscriptions = self.env["dura.utility.subscription"].browse(
            list({vals["subscription_id"] for vals in vals_list if vals.get("subscription_id")})
        )
        by_id = {subscription.id: subscription for subscription in subscriptions}
        pairs = set()
        for vals in vals_list:
            subscription = by_id.get(vals.get("subscription_id"))
            if (
                not subscription
                or not subscription.self_reading_period
                or vals.get("source", "staff") != "staff"
                or (vals.get("kind") or "regular") not in CHECKED_KINDS
            ):
                continue
            period = vals.get("period") or fields.Date.to_date(
                vals.get("date") or fields.Date.context_today(self)
            ).strftime("%Y-%m")
            if period == subscription.self_reading_period:
                pairs.add((subscription.id, period))
        if not pairs:
            return
        # sudo: a meter reader sets the citizen's reading aside, which he may not decide
        standing = (
            self.sudo()
            .search(
                [
                    ("subscription_id", "in", [sid for sid, _period in pairs]),
                    ("source", "=", "citizen_sms"),
                    ("validation_state", "not in", SUPERSEDED_STATES),
                    ("bill_ids", "=", False),
                ]
            )
            .filtered(lambda reading: (reading.subscription_id.id, reading.period) in pairs)
        )
        standing.with_context(**{DECISION_CONTEXT: True}).write(
            {
                "validation_state": "reread",
                "decision_reason": self.env._("Replaced by the municipality's own reading."),
                "decision_date": fields.Datetime.now(),
            }
        )
        subscriptions.filtered(
            lambda s: (s.id, s.self_reading_period) in pairs
        ).sudo().self_reading_period = False
