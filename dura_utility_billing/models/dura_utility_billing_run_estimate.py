from odoo import fields, models

from .dura_utility_reading import BILLABLE_KINDS


# one file per concern of the billing run, on purpose (see dura_utility_billing_run.py)
class DuraUtilityBillingRun(models.Model):
    """Estimation: before billing, a run gives each active postpaid subscription left without a
    reading for its period an estimated reading (the average of its last actual readings, else
    its tariff's estimate), so that it is billed, marked estimated on the bill and in the SMS.
    The estimated reading advances the index; the next reading taken on the meter is billed
    from it, so the units billed over the periods add up exactly to what the meter counted."""

    _inherit = "dura.utility.billing.run"  # pylint: disable=consider-merging-classes-inherited

    estimate_missing = fields.Boolean(
        "Estimate Missing Readings",
        default=True,
        help="Bill the subscriptions left without a reading for the period on an estimated "
        "reading. Unticked: they are not billed and are listed as without reading.",
    )
    estimated_count = fields.Integer("Estimated Readings", readonly=True, copy=False)

    def _create_estimated_readings(self):
        """Create the estimated readings of the run's subscriptions still without a reading
        for its period: one search, one query for the averages, one create. Idempotent (a
        subscription estimated once has its reading); returns the readings created."""
        self.ensure_one()
        Reading = self.env["dura.utility.reading"]
        if not self.estimate_missing:
            return Reading
        subscriptions = self.env["dura.utility.subscription"].search(
            self._subscription_domain()
            + [
                (
                    "reading_ids",
                    "not any",
                    [("period", "=", self.period), ("kind", "in", BILLABLE_KINDS)],
                )
            ]
        )
        if not subscriptions:
            return Reading
        date = min(self.date, fields.Date.context_today(self))
        last = Reading._get_last_readings(subscriptions)
        average = Reading._get_average_consumptions(
            subscriptions, self.company_id.dura_estimate_periods
        )
        vals_list = []
        for subscription in subscriptions:
            previous = last.get(subscription.id)
            if previous and previous["date"] > date:
                continue  # read after the run's date: a reading out of order is refused
            estimate = average.get(subscription.id, subscription.tariff_id.estimate_consumption)
            if not estimate or estimate < 0:
                continue  # nothing to go by: left without reading, listed by the run
            start = previous["value"] if previous else subscription.initial_reading
            vals_list.append(
                {
                    "subscription_id": subscription.id,
                    "date": date,
                    "period": self.period,
                    "kind": "regular",
                    "value": start + round(estimate, 3),
                    "estimated": True,
                    "note": self.env._("Estimated by billing run %s", self.name),
                }
            )
        readings = Reading.create(vals_list)
        if readings:
            self.estimated_count += len(readings)
        return readings
